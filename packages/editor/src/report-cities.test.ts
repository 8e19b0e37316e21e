import JSZip from 'jszip';
import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { netwerkdagUtrecht } from './fixtures/netwerkdag-utrecht.ts';
import type { ReportLayout } from './report-layout.ts';
import { reportToDocx } from './to-docx.ts';
import { reportToHtml } from './to-html.ts';
import { reportToMarkdown } from './to-markdown.ts';
import { reportToPdf } from './to-pdf.ts';

/** The fixture's first stelling with a vote per organisation as the server sends it (already suppressed). */
const layout: ReportLayout = {
  ...netwerkdagUtrecht,
  statements: [
    {
      ...netwerkdagUtrecht.statements[0]!,
      cities: {
        groups: [{ organisation: 'Eindhoven', votes: { agree: 4, neutral: 1, disagree: 0 } }],
        other: { agree: 2, neutral: 0, disagree: 1 },
        minVoters: 3,
      },
    },
    netwerkdagUtrecht.statements[1]!,
  ],
};

describe('the vote per organisation in the verslag', () => {
  it('is a table in Markdown and HTML, with the reason small organisations are missing', () => {
    const md = reportToMarkdown(layout);
    expect(md).toContain('**Stemmen per organisatie**');
    expect(md).toMatch(/\|\s*Stelling\s*\|\s*Organisatie\s*\|\s*Eens\s*\|\s*Neutraal\s*\|\s*Oneens\s*\|/);
    expect(md).toMatch(/\|\s*Eindhoven\s*\|\s*4\s*\|\s*1\s*\|\s*0\s*\|/);
    expect(md).toMatch(/\|\s*Overige organisaties\s*\|\s*2\s*\|\s*0\s*\|\s*1\s*\|/);
    expect(md).toContain('minder dan 3 stemmers');
    const html = reportToHtml(layout);
    expect(html).toContain('<th scope="col"><p>Organisatie</p></th>');
    expect(html).toContain('<td><p>Eindhoven</p></td>');
    expect(html).toContain('<td><p>Overige organisaties</p></td>');
  });

  it('is a table in Word and in the PDF', async () => {
    const zip = await JSZip.loadAsync(await reportToDocx(layout));
    const body = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(body).toContain('Stemmen per organisatie');
    expect(body).toContain('Eindhoven');
    expect(body).toContain('Overige organisaties');
    const pdf = await reportToPdf(layout);
    const { text } = await extractText(pdf.slice(), { mergePages: true });
    expect(text).toContain('Stemmen per organisatie');
    expect(text).toContain('Eindhoven');
    expect(text).toContain('Overige organisaties');
  });

  it('adds nothing where no stelling has anything to show per organisation', async () => {
    expect(reportToMarkdown(netwerkdagUtrecht)).not.toContain('Stemmen per organisatie');
    const { text } = await extractText((await reportToPdf(netwerkdagUtrecht)).slice(), { mergePages: true });
    expect(text).not.toContain('Stemmen per organisatie');
  });
});
