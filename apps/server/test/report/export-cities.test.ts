import { castVote, createStatement, createUser, ensureOrganisation, setVotingOpen } from '@klankbord/db';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { arrangeMeeting, moveMeeting, tokens, useMembersServer } from '../programme/support.ts';

const ctx = useMembersServer();

const download = (meetingId: number, format: string) =>
  fetch(`${ctx.server.httpUrl}/api/meetings/${meetingId}/report/export/${format}`, {
    headers: { authorization: `Bearer ${tokens.deelnemer}` },
  });

let voters = 0;
/** A member of a city (not of the network: the vote is what counts here), voting on the stelling. */
async function voteFrom(city: string, statementId: number, position: 'agree' | 'neutral' | 'disagree') {
  const db = ctx.server.db;
  const organisation = await ensureOrganisation(db, { name: `Gemeente ${city}`, shortName: city, kind: 'gemeente' });
  const user = await createUser(db, {
    email: `stemmer-${++voters}@example.nl`,
    name: `Stemmer ${voters}`,
    organisationId: organisation.id,
    passwordHash: 'x',
  });
  expect(await castVote(db, statementId, user!.id, position)).not.toBe('closed');
}

describe('the vote per city in the exported verslag', () => {
  it('holds a table per organisation in Markdown, HTML and Word, without the organisations below the minimum', async () => {
    const db = ctx.server.db;
    const meetingId = await arrangeMeeting(db, ctx.ngs.networkId, ctx.ngs.userId);
    await moveMeeting(db, meetingId, 'live');
    const statement = await createStatement(db, meetingId, {
      text: 'Cameratoezicht werkt preventief',
      context: '',
      sessionId: null,
    });
    await setVotingOpen(db, statement.id, true);
    for (const position of ['agree', 'agree', 'disagree'] as const) await voteFrom('Eindhoven', statement.id, position);
    await voteFrom('Breda', statement.id, 'neutral');
    await voteFrom('Assen', statement.id, 'agree');
    await voteFrom('Tilburg', statement.id, 'disagree');
    await moveMeeting(db, meetingId, 'reporting');

    const md = await (await download(meetingId, 'md')).text();
    const cities = md.slice(md.indexOf('**Stemmen per organisatie**'));
    expect(cities).toMatch(/\|\s*Cameratoezicht werkt preventief\s*\|\s*Eindhoven\s*\|\s*2\s*\|\s*0\s*\|\s*1\s*\|/);
    expect(cities).toMatch(/\|\s*\|\s*Overige organisaties\s*\|\s*1\s*\|\s*1\s*\|\s*1\s*\|/);
    expect(cities).not.toMatch(/Breda|Assen|Tilburg/);

    const html = await (await download(meetingId, 'html')).text();
    expect(html).toContain('<td><p>Eindhoven</p></td>');
    expect(html).toContain('<td><p>Overige organisaties</p></td>');
    expect(html.slice(html.indexOf('Stemmen per organisatie'))).not.toMatch(/Breda|Assen|Tilburg/);

    const docx = await download(meetingId, 'docx');
    const zip = await JSZip.loadAsync(Buffer.from(await docx.arrayBuffer()));
    const body = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const inWord = body.slice(body.indexOf('Stemmen per organisatie'));
    expect(inWord).toContain('Eindhoven');
    expect(inWord).toContain('Overige organisaties');
    expect(inWord).not.toMatch(/Breda|Assen|Tilburg/);

    const pdf = await download(meetingId, 'pdf');
    expect(pdf.status).toBe(200);

    // Once the secretariaat scaffolds the verslag, its text holds the stellingen, and the table per organisation
    // under them, suppressed the same way; the export adds no second one.
    const scaffolded = await ctx.api('secretariaat').post(`/api/meetings/${meetingId}/report/scaffold`);
    expect(scaffolded.status).toBe(200);
    const afterScaffold = await (await download(meetingId, 'md')).text();
    expect(afterScaffold.match(/\*\*Stemmen per organisatie\*\*/g)).toHaveLength(1);
    const inText = afterScaffold.slice(afterScaffold.indexOf('**Stemmen per organisatie**'));
    expect(inText).toMatch(/\|\s*Cameratoezicht werkt preventief\s*\|\s*Eindhoven\s*\|\s*2\s*\|\s*0\s*\|\s*1\s*\|/);
    expect(inText).toMatch(/\|\s*\|\s*Overige organisaties\s*\|\s*1\s*\|\s*1\s*\|\s*1\s*\|/);
    expect(inText).toContain('minder dan 3 stemmers');
    expect(inText.slice(0, inText.indexOf('minder dan 3 stemmers'))).not.toMatch(/Breda|Assen|Tilburg/);
  });
});
