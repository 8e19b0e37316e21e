import { childrenOf, type RichTextDocument } from './document.ts';
import { citiesNote, cityRows } from './report-chart.ts';
import { reportCoverFacts } from './report-cover.ts';
import type { ReportLayout } from './report-layout.ts';
import { reportBody } from './report-outline.ts';
import * as words from './report-words.ts';
import { HEADING_LEVELS } from './schema.ts';

/**
 * A verslag's layout as one rich-text document, in the layout's order: the cover facts (the theme(s) among them),
 * the presentielijst, the body, the stellingen and the afspraken as tables. The HTML and Markdown outputs render
 * this through their usual renderers, so every fact and every word of the verslag passes the same escaping as
 * the text itself; the title is left to the caller (a page's `<h1>`, Markdown's `#`).
 */
export function reportDocument(layout: ReportLayout): RichTextDocument {
  return {
    type: 'doc',
    content: [
      ...reportCoverFacts(layout).map(([label, value]) => labelled(label, value)),
      ...attendance(layout.attendance),
      ...childrenOf(reportBody(layout.body)),
      ...statements(layout),
      ...afspraken(layout),
    ],
  };
}

const text = (value: string, bold = false): RichTextDocument =>
  bold ? { type: 'text', text: value, marks: [{ type: 'bold' }] } : { type: 'text', text: value };

const paragraph = (...content: RichTextDocument[]): RichTextDocument => ({ type: 'paragraph', content });

/** A section's heading: the outline's first level, like a programme item's. */
const heading = (value: string): RichTextDocument => ({
  type: 'heading',
  attrs: { level: HEADING_LEVELS[0] },
  content: [text(value)],
});

const labelled = (label: string, value: string) => paragraph(text(`${label}: `, true), text(value));

function attendance(list: ReportLayout['attendance']): RichTextDocument[] {
  const blocks = [heading(words.ATTENDANCE)];
  if (list.organisations.length > 0) {
    blocks.push(labelled(`${words.ORGANISATIONS} (${list.organisations.length})`, list.organisations.join(', ')));
  }
  if (list.names !== null && list.names.length > 0) {
    blocks.push(labelled(`${words.NAMES} (${list.names.length})`, list.names.join(', ')));
  }
  if (blocks.length === 1) blocks.push(paragraph({ ...text(words.NO_ATTENDANCE), marks: [{ type: 'italic' }] }));
  return blocks;
}

function table(head: string[], rows: string[][]): RichTextDocument {
  const cell = (type: 'tableHeader' | 'tableCell', value: string): RichTextDocument => ({
    type,
    content: [value === '' ? { type: 'paragraph' } : paragraph(text(value))],
  });
  return {
    type: 'table',
    content: [
      { type: 'tableRow', content: head.map((value) => cell('tableHeader', value)) },
      ...rows.map((row) => ({ type: 'tableRow', content: row.map((value) => cell('tableCell', value)) })),
    ],
  };
}

function statements(layout: ReportLayout): RichTextDocument[] {
  if (layout.statements.length === 0) return [];
  return [
    heading(words.STATEMENTS),
    table(
      [words.STATEMENT, words.AGREE, words.NEUTRAL, words.DISAGREE],
      layout.statements.map(({ text: statement, votes }) => [
        statement,
        String(votes.agree),
        String(votes.neutral),
        String(votes.disagree),
      ]),
    ),
    // Drawn as bar charts where the output can (HTML); left out where it cannot (Markdown).
    { type: 'statementChart', attrs: { statements: layout.statements } },
    ...statementCities(layout),
  ];
}

/** The vote per organisation, as the server suppressed it: a table with the reason some cities are missing. */
function statementCities(layout: ReportLayout): RichTextDocument[] {
  const rows = cityRows(layout.statements);
  const note = citiesNote(layout.statements);
  if (rows.length === 0 || note === null) return [];
  return [
    paragraph(text(words.CITIES, true)),
    table([words.STATEMENT, words.ORGANISATION, words.AGREE, words.NEUTRAL, words.DISAGREE], rows),
    paragraph({ ...text(note), marks: [{ type: 'italic' }] }),
  ];
}

function afspraken(layout: ReportLayout): RichTextDocument[] {
  if (layout.afspraken.length === 0) return [];
  return [
    heading(words.ACTION_LIST),
    table(
      [words.WHAT, words.WHO, words.WHEN, words.STATUS],
      layout.afspraken.map((afspraak) => [
        afspraak.description,
        afspraak.owner ?? '',
        afspraak.dueDate === null ? '' : words.formatDutchDate(afspraak.dueDate),
        words.afspraakStatusWord(afspraak.status),
      ]),
    ),
  ];
}
