import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  castVote,
  createAfspraak,
  createReportComment,
  createStatement,
  createTheme,
  ensureOrganisation,
  findUserByEmail,
  setThemeChosen,
  setVotingOpen,
  updateMeeting,
} from '@klankbord/db';
import { reportDocumentName, reportFragment } from '@klankbord/domain';
import { samplePng } from '@klankbord/editor/fixtures';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { arrangeMeeting, moveMeeting, tokens, useMembersServer } from '../programme/support.ts';
import { roundTrip } from '../support/clients.ts';

const ctx = useMembersServer();
const { pool, api } = ctx;

function hasCommand(command: string): boolean {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const hasPandoc = hasCommand('pandoc');
if (!hasPandoc) console.warn('pandoc is not installed: the test that reads the Word file with pandoc is skipped.');

function block(name: string, text: string, level?: number): Y.XmlElement {
  const element = new Y.XmlElement(name);
  // y-tiptap stores ProseMirror attributes as they are (a number here); Yjs's typing only says string.
  if (level !== undefined) element.setAttribute('level', level as unknown as string);
  if (text) element.insert(0, [new Y.XmlText(text)]);
  return element;
}

/** A verslag as the scaffold writes it: programme items, a deelsessie below one, an emptied heading, a list. */
function writeReport(doc: Y.Doc): void {
  const list = new Y.XmlElement('bulletList');
  for (const words of ['Signalen bundelen', 'Vroeg in gesprek']) {
    const item = new Y.XmlElement('listItem');
    item.insert(0, [block('paragraph', words)]);
    list.insert(list.length, [item]);
  }
  reportFragment(doc).insert(0, [
    block('heading', '09:30–10:00 Opening', 3),
    block('paragraph', 'De burgemeester opent de dag.'),
    block('heading', '', 3),
    block('paragraph', ''),
    block('heading', '10:00–11:00 Deelsessies', 3),
    block('heading', 'Dilemmatafel demonstratierecht', 4),
    list,
    block('heading', '11:00–11:30 Afsluiting', 3),
  ]);
}

/**
 * A netwerkdag in Utrecht with a chosen theme, two stellingen with votes, a deelnemer who voted (from Gemeente
 * Tilburg), an afspraak, and a written verslag; the secretariaat is of the CCV.
 */
async function arrangeVerslag(): Promise<number> {
  const { db } = ctx.server;
  const meetingId = await arrangeMeeting(db, ctx.ngs.networkId, ctx.ngs.userId);
  const utrecht = await ensureOrganisation(db, { name: 'Gemeente Utrecht', shortName: null, kind: 'gemeente' });
  const tilburg = await ensureOrganisation(db, { name: 'Gemeente Tilburg', shortName: null, kind: 'gemeente' });
  const ccv = await ensureOrganisation(db, { name: 'CCV', shortName: null, kind: 'secretariat' });
  await updateMeeting(db, meetingId, {
    title: 'Netwerkdag Utrecht',
    dates: ['2026-03-12', '2026-03-13'],
    format: 'in-person',
    hostOrganisationId: utrecht.id,
    venue: 'Stadhuis Utrecht',
  });
  const deelnemer = await findUserByEmail(db, 'deelnemer@example.nl');
  await db.updateTable('users').set({ organisation_id: tilburg.id }).where('id', '=', deelnemer!.id).execute();
  await db.updateTable('users').set({ organisation_id: ccv.id }).where('id', '=', ctx.ngs.userId).execute();
  await createTheme(db, meetingId, { title: 'Verworpen thema', why: '' }, ctx.ngs.userId);
  const theme = await createTheme(db, meetingId, { title: 'Maatschappelijke onrust', why: '' }, ctx.ngs.userId);
  await setThemeChosen(db, theme.id, true);
  for (const text of ['Onrust zie je aankomen.', 'Een verbod werkt.']) {
    const statement = await createStatement(db, meetingId, { text, context: '', sessionId: null });
    await setVotingOpen(db, statement.id, true);
    await castVote(db, statement.id, deelnemer!.id, text.startsWith('Onrust') ? 'agree' : 'disagree');
    await castVote(db, statement.id, ctx.ngs.userId, 'neutral');
  }
  await createAfspraak(db, {
    networkId: ctx.ngs.networkId,
    meetingId,
    anchor: { start: 'a', end: 'b' },
    quote: 'opent',
    description: 'Voorbeeld delen',
    ownerUserId: null,
    ownerOrganisationId: utrecht.id,
    dueDate: '2026-05-01',
    createdBy: ctx.ngs.userId,
  });
  await moveMeeting(db, meetingId, 'reporting');
  const editor = await pool.connect(reportDocumentName('ngs', meetingId), tokens.klankbordgroep);
  writeReport(editor.doc);
  expect(await roundTrip(editor)).toBe('answered');
  return meetingId;
}

const download = async (meetingId: number, format: string, query = '', token = tokens.deelnemer) =>
  fetch(`${ctx.server.httpUrl}/api/meetings/${meetingId}/report/export/${format}${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });

async function docxOf(meetingId: number, query = '', token = tokens.deelnemer) {
  const response = await download(meetingId, 'docx', query, token);
  expect(response.status).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  const zip = await JSZip.loadAsync(bytes);
  const part = async (path: string) => (await zip.file(path)?.async('string')) ?? '';
  return { response, bytes, part };
}

/** The visible text of a WordprocessingML part, a space between runs. */
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((match) => match[1]).join('');

describe('the verslag in house style', () => {
  it('writes a Word file with Normal, Title and Heading styles in one sans font, the cover facts and properties', async () => {
    const meetingId = await arrangeVerslag();
    const { response, part } = await docxOf(meetingId);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Verslag Netwerkdag Utrecht 2026-03-12.docx"; filename*=UTF-8''Verslag%20Netwerkdag%20Utrecht%202026-03-12.docx`,
    );

    const styles = await part('word/styles.xml');
    for (const id of ['Normal', 'Title', 'Heading1', 'Heading2', 'Heading3', 'ListParagraph', 'Verslagtabel']) {
      expect(styles, id).toContain(`w:styleId="${id}"`);
    }
    expect(styles).toMatch(/<w:style w:type="paragraph" w:default="1" w:styleId="Normal">/);
    expect(styles).toContain('<w:name w:val="heading 1"/>');
    const fonts = new Set([...styles.matchAll(/w:ascii="([^"]+)"/g)].map((match) => match[1]));
    expect([...fonts]).toEqual(['Arial']);
    expect(styles).toMatch(/w:styleId="Normal">[\s\S]*?<w:spacing w:after="160"/);

    const body = textOf(await part('word/document.xml'));
    for (const fact of [
      'Verslag Netwerkdag Utrecht',
      'Netwerk: Testnetwerk ngs',
      'Datum: 12 en 13 maart 2026',
      'Locatie: Stadhuis Utrecht',
      'Gastgemeente: Gemeente Utrecht',
      'Status: Concept',
      'Thema',
      'Maatschappelijke onrust',
      'Presentielijst',
      'Organisaties (2): CCV, Gemeente Tilburg',
      'StellingEensNeutraalOneensOnrust zie je aankomen.110Een verbod werkt.011',
      'WatWieWanneerStatusVoorbeeld delenGemeente Utrecht1 mei 2026Open',
    ]) {
      expect(body, fact).toContain(fact);
    }
    expect(body).not.toContain('Verworpen thema');
    expect(body).not.toContain('deelnemer'); // names only when asked
    const order = ['Presentielijst', 'Opening', 'Dilemmatafel', 'Afsluiting', 'Stellingen', 'Actielijst'];
    const positions = order.map((words) => body.indexOf(words));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    expect(textOf(await part('word/header1.xml'))).toBe('Testnetwerk ngs');
    const footer = await part('word/footer1.xml');
    expect(textOf(footer)).toBe('Pagina  van ');
    expect(footer).toContain('PAGE');
    expect(footer).toContain('NUMPAGES');

    const core = await part('docProps/core.xml');
    expect(core).toContain('<dc:title>Verslag Netwerkdag Utrecht</dc:title>');
    // A concept's author is the organisation of whoever exports it: the deelnemer's.
    expect(core).toContain('<dc:creator>Gemeente Tilburg</dc:creator>');
    expect(core).toMatch(/<dcterms:created xsi:type="dcterms:W3CDTF">\d{4}-\d\d-\d\dT/);
  });

  it.skipIf(!hasPandoc)(
    'is read by pandoc with every heading at its level, every list item and every table',
    async () => {
      const meetingId = await arrangeVerslag();
      const { bytes } = await docxOf(meetingId);
      const dir = mkdtempSync(join(tmpdir(), 'klankbord-docx-'));
      try {
        writeFileSync(join(dir, 'verslag.docx'), bytes);
        const markdown = execFileSync('pandoc', ['-f', 'docx', '-t', 'markdown', '--columns=1000', 'verslag.docx'], {
          cwd: dir,
          encoding: 'utf8',
        });
        const headings = [...markdown.matchAll(/^(#+) (.+)$/gm)].map((match) => `${match[1]} ${match[2]}`);
        expect(headings).toEqual([
          '# Presentielijst',
          '# 09:30--10:00 Opening',
          '# 10:00--11:00 Deelsessies',
          '## Dilemmatafel demonstratierecht',
          '# 11:00--11:30 Afsluiting',
          '# Stellingen',
          '# Actielijst',
        ]);
        // The theme is a fact of the cover, not a section of its own.
        expect(markdown).toMatch(/^\*\*Thema:\*\* /m);
        expect(markdown).toMatch(/^- {1,3}Signalen bundelen$/m);
        expect(markdown).toMatch(/^- {1,3}Vroeg in gesprek$/m);
        const json = JSON.parse(
          execFileSync('pandoc', ['-f', 'docx', '-t', 'json', 'verslag.docx'], { cwd: dir, encoding: 'utf8' }),
        ) as { blocks: { t: string }[] };
        // The stellingen and afspraken tables, and a bar chart (a table of coloured cells) per stelling.
        expect(json.blocks.filter((b) => b.t === 'Table')).toHaveLength(4);
        expect(markdown).toContain('Stelling 1: 1 eens, 1 neutraal, 0 oneens.');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('names the people in the presentielijst only when the secretariaat asks', async () => {
    const meetingId = await arrangeVerslag();
    const { part } = await docxOf(meetingId, '?names=1', tokens.secretariaat);
    expect(textOf(await part('word/document.xml'))).toContain('Deelnemers (2): deelnemer, programma-sec');
    const markdown = await (await download(meetingId, 'md', '?names=1', tokens.secretariaat)).text();
    expect(markdown).toContain('**Deelnemers (2):** deelnemer, programma-sec');
    expect((await download(meetingId, 'md', '?names=ja', tokens.secretariaat)).status).toBe(400);
    // Who came is personal data: a member who reads the verslag gets the organisations, not the names.
    for (const role of ['deelnemer', 'klankbordgroep'] as const) {
      const refused = await download(meetingId, 'docx', '?names=1', tokens[role]);
      expect(refused.status, role).toBe(403);
      expect(await refused.json()).toEqual({ error: 'names.forbidden' });
    }
  });

  it('embeds the verslag’s own PNG in Word and HTML, but not a file of another meeting', async () => {
    const meetingId = await arrangeVerslag();
    const other = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
    const upload = async (target: string) => {
      const form = new FormData();
      form.set('file', new File([samplePng()], 'schema.png'));
      const response = await fetch(`${ctx.server.httpUrl}/api/attachments?target=${target}`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${tokens.secretariaat}` },
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { attachment: { id: number } }).attachment.id;
    };
    const own = await upload(`report:${meetingId}`);
    const foreign = await upload(`meeting:${other}`);
    const editor = await pool.connect(reportDocumentName('ngs', meetingId), tokens.klankbordgroep);
    const image = (id: number, alt: string) => {
      const element = new Y.XmlElement('image');
      element.setAttribute('src', `/api/attachments/${id}`);
      element.setAttribute('alt', alt);
      return element;
    };
    const fragment = reportFragment(editor.doc);
    fragment.insert(fragment.length, [image(own, 'Eigen schema'), image(foreign, 'Ander schema')]);
    expect(await roundTrip(editor)).toBe('answered');

    const { part, bytes } = await docxOf(meetingId);
    const zip = await JSZip.loadAsync(bytes);
    const media = Object.keys(zip.files).filter((name) => /^word\/media\/.+/.test(name));
    expect(media).toHaveLength(1);
    expect(Buffer.from(await zip.file(media[0]!)!.async('uint8array'))).toEqual(samplePng());
    const xml = await part('word/document.xml');
    expect(xml).toMatch(/<wp:docPr [^>]*descr="Eigen schema"/);
    expect(textOf(xml)).toContain('Ander schema');

    const html = await (await download(meetingId, 'html')).text();
    expect(html).toContain(`<img src="data:image/png;base64,${samplePng().toString('base64')}" alt="Eigen schema"`);
    expect(html).not.toContain(`data:image/png;base64,${samplePng().toString('base64')}" alt="Ander schema"`);
    const pdf = Buffer.from(await (await download(meetingId, 'pdf')).arrayBuffer());
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image[\s\S]*?\/Width 240|\/Width 240[\s\S]*?\/Subtype \/Image/);
  });

  it('carries the verslag’s comments and replies as Word comments when asked, for whoever reads the draft', async () => {
    const meetingId = await arrangeVerslag();
    const { db } = ctx.server;
    const comment = await createReportComment(db, {
      networkId: ctx.ngs.networkId,
      meetingId,
      anchor: { start: 'a', end: 'b' },
      quote: 'De burgemeester opent de dag.',
      body: 'Welke burgemeester?',
      authorId: ctx.ngs.userId,
    });
    const reply = await api('klankbordgroep').post(`/api/threads/${comment.threadId}/messages`, {
      body: 'Die van Utrecht.',
    });
    expect(reply.status).toBe(201);

    const plain = await docxOf(meetingId);
    expect(await plain.part('word/comments.xml')).not.toContain('Welke burgemeester?');
    const { part } = await docxOf(meetingId, '?comments=1');
    const comments = await part('word/comments.xml');
    expect(comments).toContain('w:author="programma-sec"');
    expect(comments).toContain('Bij: “De burgemeester opent de dag.”');
    expect(comments).toContain('Welke burgemeester?');
    expect(comments).toContain('Die van Utrecht.');
    expect(await part('word/document.xml')).toMatch(/commentRangeStart w:id="0"\/>[\s\S]{0,400}De burgemeester opent/);
    // A gast does not read the draft, so neither its comments.
    expect((await download(meetingId, 'docx', '?comments=1', tokens.gast)).status).toBe(403);
  });

  it('renders at most a bounded number of exports per person per minute', async () => {
    const meetingId = await arrangeVerslag();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await download(meetingId, 'md', '', tokens.klankbordgroep)).status);
    // Earlier tests in this file spent a few of the klankbordgroep's renderings: 200s, then only 429s.
    const allowed = statuses.filter((status) => status === 200).length;
    expect(allowed).toBeGreaterThanOrEqual(27);
    expect(statuses).toEqual([...Array(allowed).fill(200), ...Array(31 - allowed).fill(429)]);
    const refused = await download(meetingId, 'pdf', '', tokens.klankbordgroep);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({ error: 'export.rateLimited' });
    // Another person is not held up by it.
    expect((await download(meetingId, 'md', '', tokens.deelnemer)).status).toBe(200);
  });

  it('says Definitief with who and when once finalised, in Word, HTML and the print view', async () => {
    const meetingId = await arrangeVerslag();
    const finalised = await api('secretariaat').post(`/api/meetings/${meetingId}/report/finalise`, {
      name: 'Vastgesteld',
    });
    expect(finalised.status).toBe(200);

    const { part } = await docxOf(meetingId);
    const body = textOf(await part('word/document.xml'));
    expect(body).toMatch(
      /Status: Definitief, vastgesteld door programma-sec op \d+ \w+ \d{4} \(versie ‘Vastgesteld’\)/,
    );
    expect(body).not.toContain('Concept');
    expect(await part('docProps/core.xml')).toContain('<dc:creator>CCV</dc:creator>');

    const html = await (await download(meetingId, 'html')).text();
    expect(html).toContain('<h1>Verslag Netwerkdag Utrecht</h1>');
    expect(html).toContain('<strong>Status: </strong>Definitief, vastgesteld door programma-sec');

    const print = (await api('deelnemer').get(`/api/meetings/${meetingId}/report/print`)).body as {
      finalised: { at: number; byName: string } | null;
      version: { name: string };
      html: string;
    };
    expect(print.finalised?.byName).toBe('programma-sec');
    expect(print.version.name).toBe('Vastgesteld');
    expect(print.html).toContain('Definitief, vastgesteld door programma-sec');
    expect(print.html).not.toContain('Concept');
  });
});

describe('the verslag as a PDF', () => {
  it('is rendered on the server in house style, for whoever may read the verslag', async () => {
    const meetingId = await arrangeVerslag();
    const response = await download(meetingId, 'pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain(
      'filename="Verslag Netwerkdag Utrecht 2026-03-12.pdf"',
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // A gast reads no draft verslag, in any format.
    expect((await download(meetingId, 'pdf', '', tokens.gast)).status).toBe(403);
  });

  it('adds no second stellingen section when the text holds the scaffolded one', async () => {
    const meetingId = await arrangeVerslag();
    const scaffolded = await api('secretariaat').post(`/api/meetings/${meetingId}/report/scaffold`);
    expect(scaffolded.status).toBe(200);
    const markdown = await (await download(meetingId, 'md')).text();
    expect(markdown.match(/^#+ Stellingen$/gm)).toHaveLength(1);
  });
});
