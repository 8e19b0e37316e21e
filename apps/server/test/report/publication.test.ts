import { listAuditEvents } from '@klankbord/db';
import { reportDocumentName } from '@klankbord/domain';
import { startMailServer, waitFor } from '@klankbord/testing';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../api/support.ts';
import { arrangeMeeting, moveMeeting, tokens, useMembersServer } from '../programme/support.ts';
import { roundTrip } from '../support/clients.ts';
import { writeParagraph } from './support.ts';

const ctx = useMembersServer();
const { pool, api } = ctx;
const anonymous = () => new ApiClient(ctx.server.httpUrl);

/** A meeting in reporting whose report holds one paragraph; finalised unless told otherwise. */
async function reportedMeeting(words = 'De dag is goed verlopen.', finalise = true, on = ctx) {
  const meetingId = await arrangeMeeting(on.server.db, on.ngs.networkId, on.ngs.userId);
  await moveMeeting(on.server.db, meetingId, 'reporting');
  const editor = await on.pool.connect(reportDocumentName('ngs', meetingId), tokens.secretariaat);
  writeParagraph(editor.doc, words);
  expect(await roundTrip(editor)).toBe('answered');
  if (finalise) {
    const response = await on.api('secretariaat').post(`/api/meetings/${meetingId}/report/finalise`, {
      name: 'Definitief',
    });
    expect(response.status).toBe(200);
  }
  return { meetingId, editor };
}

const path = (meetingId: number, rest: string) => `/api/meetings/${meetingId}/report/${rest}`;
/** The token of a public link: its last path segment. */
const tokenOf = (url: string) => new URL(url).pathname.split('/').at(-1) ?? '';

describe('publishing a report', () => {
  it('lets only the secretariaat publish, and only a finalised report', async () => {
    const { meetingId } = await reportedMeeting('Nog concept', false);
    for (const role of ['klankbordgroep', 'deelnemer', 'gast'] as const) {
      expect((await api(role).post(path(meetingId, 'publish'))).status).toBe(403);
    }
    expect((await api('elders').post(path(meetingId, 'publish'))).status).toBe(404);
    const early = await api('secretariaat').post(path(meetingId, 'publish'));
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('report.notFinalised');
    expect((await api('secretariaat').post(path(meetingId, 'finalise'), {})).status).toBe(200);
    expect((await api('klankbordgroep').post(path(meetingId, 'publish'))).status).toBe(403);
    const published = await api('secretariaat').post(path(meetingId, 'publish'));
    expect(published.status).toBe(200);
    expect(published.body.published).toEqual(expect.objectContaining({ by: ctx.ngs.userId }));
    const again = await api('secretariaat').post(path(meetingId, 'publish'));
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('report.published');
  });

  it('shows the final version to every member once published, and to nobody before', async () => {
    const { meetingId } = await reportedMeeting('Tekst <b>van</b> de dag');
    for (const role of ['secretariaat', 'deelnemer', 'gast'] as const) {
      const before = await api(role).get(path(meetingId, 'published'));
      expect(before.status).toBe(404);
      expect(before.body.error).toBe('not_found');
    }
    await api('secretariaat').post(path(meetingId, 'publish'));
    for (const role of ['secretariaat', 'klankbordgroep', 'deelnemer', 'gast'] as const) {
      const read = await api(role).get(path(meetingId, 'published'));
      expect(read.status).toBe(200);
      expect(read.body.html).toBe('<p>Tekst &lt;b&gt;van&lt;/b&gt; de dag</p>');
      expect(read.body.meeting).toEqual(expect.objectContaining({ id: meetingId, title: 'Netwerkdag Utrecht' }));
      expect(read.body.version).toEqual(expect.objectContaining({ name: 'Definitief' }));
      expect(read.body.finalised).toEqual(expect.objectContaining({ by: ctx.ngs.userId }));
    }
    expect((await api('elders').get(path(meetingId, 'published'))).status).toBe(404);
    // The gast may read the published text, but not the draft or the publication settings.
    expect((await api('gast').get(path(meetingId, 'publication'))).status).toBe(403);
    const status = await api('deelnemer').get(path(meetingId, 'publication'));
    expect(status.status).toBe(200);
    expect(status.body).toEqual({
      published: expect.objectContaining({ by: ctx.ngs.userId }),
      publicLink: null,
      mailConfigured: false,
    });
  });

  it('keeps the final version published through a reopening, until the report is finalised again', async () => {
    const { meetingId, editor } = await reportedMeeting('Eerste versie');
    await api('secretariaat').post(path(meetingId, 'publish'));
    expect((await api('secretariaat').post(path(meetingId, 'reopen'))).status).toBe(200);
    const writer = await pool.connect(reportDocumentName('ngs', meetingId), tokens.klankbordgroep);
    writeParagraph(writer.doc, 'Aanvulling');
    expect(await roundTrip(writer)).toBe('answered');
    const during = await api('deelnemer').get(path(meetingId, 'published'));
    expect(during.body.html).toBe('<p>Eerste versie</p>');
    // Still published: publishing again changes nothing, and a reopened report cannot be published anew.
    expect((await api('secretariaat').post(path(meetingId, 'publish'))).body.error).toBe('report.published');
    expect((await api('secretariaat').post(path(meetingId, 'finalise'), { name: 'Tweede' })).status).toBe(200);
    const after = await api('deelnemer').get(path(meetingId, 'published'));
    expect(after.body.html).toBe('<p>Eerste versie</p>\n<p>Aanvulling</p>');
    expect(after.body.version.name).toBe('Tweede');
    editor.destroy();
  });

  it('unpublishes for the secretariaat only, with 409 when it was not published', async () => {
    const { meetingId } = await reportedMeeting();
    const first = await api('secretariaat').post(path(meetingId, 'unpublish'));
    expect(first.status).toBe(409);
    expect(first.body.error).toBe('report.notPublished');
    await api('secretariaat').post(path(meetingId, 'publish'));
    expect((await api('klankbordgroep').post(path(meetingId, 'unpublish'))).status).toBe(403);
    expect((await api('secretariaat').post(path(meetingId, 'unpublish'))).status).toBe(200);
    expect((await api('deelnemer').get(path(meetingId, 'published'))).status).toBe(404);
  });

  it('renders headings one level below the page title and never raw markup', async () => {
    const { meetingId } = await reportedMeeting('<script>alert(1)</script>');
    await api('secretariaat').post(path(meetingId, 'publish'));
    const read = await api('gast').get(path(meetingId, 'published'));
    expect(read.body.html).not.toContain('<script>');
    expect(read.body.html).toContain('&lt;script&gt;');
  });
});

describe('the public link', () => {
  it('lives from creation to revocation: replaced links and revoked links are gone', async () => {
    const { meetingId } = await reportedMeeting('Openbaar verslag');
    const early = await api('secretariaat').post(path(meetingId, 'public-link'));
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('report.notPublished');
    await api('secretariaat').post(path(meetingId, 'publish'));
    expect((await api('klankbordgroep').post(path(meetingId, 'public-link'))).status).toBe(403);

    const created = await api('secretariaat').post(path(meetingId, 'public-link'));
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(/\/public\/reports\/[A-Za-z0-9_-]{43}$/);
    const first = tokenOf(created.body.url);
    const read = await anonymous().get(`/api/public/reports/${first}`);
    expect(read.status).toBe(200);
    expect(read.body.html).toBe('<p>Openbaar verslag</p>');
    expect(read.headers.get('cache-control')).toBe('no-store');
    expect(read.headers.get('x-robots-tag')).toBe('noindex');
    // Only the hash is stored.
    const row = await ctx.server.db
      .selectFrom('reports')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    expect(row?.public_link_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(first);
    const status = await api('secretariaat').get(path(meetingId, 'publication'));
    expect(status.body.publicLink).toEqual({ createdAt: expect.any(Number) });

    const replaced = await api('secretariaat').post(path(meetingId, 'public-link'));
    const second = tokenOf(replaced.body.url);
    expect(second).not.toBe(first);
    const old = await anonymous().get(`/api/public/reports/${first}`);
    expect(old.status).toBe(404);
    expect(old.headers.get('cache-control')).toBe('no-store');
    expect((await anonymous().get(`/api/public/reports/${second}`)).status).toBe(200);

    expect((await api('klankbordgroep').delete(path(meetingId, 'public-link'))).status).toBe(403);
    expect((await api('secretariaat').delete(path(meetingId, 'public-link'))).status).toBe(204);
    expect((await anonymous().get(`/api/public/reports/${second}`)).status).toBe(404);
    expect((await api('secretariaat').delete(path(meetingId, 'public-link'))).status).toBe(409);
    expect((await api('secretariaat').get(path(meetingId, 'publication'))).body.publicLink).toBeNull();

    // Unpublishing takes a link with it, and members no longer read the report.
    const third = tokenOf((await api('secretariaat').post(path(meetingId, 'public-link'))).body.url);
    expect((await anonymous().get(`/api/public/reports/${third}`)).status).toBe(200);
    expect((await api('secretariaat').post(path(meetingId, 'unpublish'))).status).toBe(200);
    expect((await anonymous().get(`/api/public/reports/${third}`)).status).toBe(404);
    expect((await api('deelnemer').get(path(meetingId, 'published'))).status).toBe(404);
    await api('secretariaat').post(path(meetingId, 'publish'));
    expect((await anonymous().get(`/api/public/reports/${third}`)).status).toBe(404);

    const events = (await listAuditEvents(ctx.server.db, ctx.ngs.networkId, { limit: 200 }))
      .filter((event) => event.subject === String(meetingId))
      .map((event) => event.event);
    expect(events).toEqual(
      expect.arrayContaining([
        'report.published',
        'report.unpublished',
        'report.publicLinkCreated',
        'report.publicLinkRevoked',
      ]),
    );
  });

  it('answers malformed and unknown tokens with 404, never 500', async () => {
    for (const token of ['x', 'a'.repeat(43), '%E0%A4%A', `${'b'.repeat(42)}%00`, 'a'.repeat(500), '..%2F..%2Fetc']) {
      const response = await anonymous().get(`/api/public/reports/${token}`);
      expect(response.status, token).toBe(404);
    }
  });

  it('is readable by a signed-in member of another network too', async () => {
    const { meetingId } = await reportedMeeting('Voor iedereen');
    await api('secretariaat').post(path(meetingId, 'publish'));
    const token = tokenOf((await api('secretariaat').post(path(meetingId, 'public-link'))).body.url);
    const read = await api('elders').get(`/api/public/reports/${token}`);
    expect(read.status).toBe(200);
    expect(read.body.html).toBe('<p>Voor iedereen</p>');
  });
});

// A real mail server, started before the server that mails through it (its address is that server's SMTP_URL).
const mail = await startMailServer();
afterAll(() => mail.close());

describe('mailing the members when publishing', () => {
  const mailing = useMembersServer({ env: { SMTP_URL: mail.url, MAIL_FROM: 'Klankbord NGS <klankbord@example.nl>' } });
  // Every member of ngs that arrangeMembers makes; programma-elders@example.nl is of another network.
  const members = ['deelnemer@example.nl', 'gast@example.nl', 'programma-kbg@example.nl', 'programma-sec@example.nl'];
  const publishedLink = (meetingId: number) =>
    `${mailing.server.httpUrl}/networks/ngs/meetings/${meetingId}/report/published`;
  const events = async (meetingId: number, event: string) =>
    (await listAuditEvents(mailing.server.db, mailing.ngs.networkId, { limit: 500 })).filter(
      (entry) => entry.subject === String(meetingId) && entry.event === event,
    );
  /** Resolves once the mailing about a meeting is done: it is audited after the mail server took every message. */
  const mailed = async (meetingId: number) => {
    await waitFor(async () => (await events(meetingId, 'report.mailed')).length === 1, 'the mailing to be audited');
    return (await events(meetingId, 'report.mailed'))[0]?.detail;
  };

  beforeEach(() => {
    mail.messages.length = 0;
  });

  it('mails each member of the network the link to the published verslag, and nobody outside it', async () => {
    const { meetingId } = await reportedMeeting('Tekst van de dag', true, mailing);
    expect((await mailing.api('secretariaat').get(path(meetingId, 'publication'))).body.mailConfigured).toBe(true);
    const published = await mailing.api('secretariaat').post(path(meetingId, 'publish'), { mailMembers: true });
    expect(published.status).toBe(200);
    expect(published.body.mailing).toEqual({ recipients: members.length });

    expect(await mailed(meetingId)).toEqual(expect.objectContaining({ recipients: 4, sent: 4, failed: 0 }));
    expect(mail.messages.flatMap((message) => message.to).sort()).toEqual(members);
    for (const message of mail.messages) {
      expect(message.raw).toContain('From: Klankbord NGS <klankbord@example.nl>');
      expect(message.text).toContain(publishedLink(meetingId));
      expect(message.text).toContain('Netwerkdag Utrecht (12 maart 2026)');
      expect(message.html).toContain(`href="${publishedLink(meetingId)}"`);
      expect(message.raw).not.toContain('programma-elders');
    }
    expect(mail.messages.map((message) => message.to.length)).toEqual([1, 1, 1, 1]);
  });

  it('attaches the final verslag as a PDF in house style when the secretariaat asks for it', async () => {
    const { meetingId } = await reportedMeeting('Tekst van de dag', true, mailing);
    const published = await mailing.api('secretariaat').post(path(meetingId, 'publish'), {
      mailMembers: true,
      attachPdf: true,
    });
    expect(published.status).toBe(200);
    expect(await mailed(meetingId)).toEqual(expect.objectContaining({ sent: 4, attachments: 1 }));
    for (const message of mail.messages) {
      expect(message.raw).toMatch(
        /Content-Type: application\/pdf; name="Verslag Netwerkdag Utrecht\s+2026-03-12\.pdf"/,
      );
      const part = /Content-Type: application\/pdf[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(message.raw);
      expect(
        Buffer.from(part?.[1]?.replace(/\s/g, '') ?? '', 'base64')
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    }
  });

  it('escapes a hostile meeting title in the HTML of the mail', async () => {
    const { meetingId } = await reportedMeeting('Tekst', true, mailing);
    const hostile = '<img src=x onerror="alert(1)"> & <b>Co</b>';
    await mailing.server.db.updateTable('meetings').set({ title: hostile }).where('id', '=', meetingId).execute();
    await mailing.api('secretariaat').post(path(meetingId, 'publish'), { mailMembers: true });
    await mailed(meetingId);
    expect(mail.messages).toHaveLength(members.length);
    for (const message of mail.messages) {
      expect(message.html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;b&gt;Co&lt;/b&gt;');
      expect(message.html).not.toContain('<img');
      expect(message.html).not.toContain('<b>');
      expect(message.text).toContain(hostile);
    }
  });

  it('mails nobody when the secretariaat publishes without mailing', async () => {
    const quiet = await reportedMeeting('Stil', true, mailing);
    const unasked = await reportedMeeting('Niet gevraagd', true, mailing);
    const off = await mailing.api('secretariaat').post(path(quiet.meetingId, 'publish'), { mailMembers: false });
    expect(off.status).toBe(200);
    expect(off.body.mailing).toBeNull();
    // An API call that does not ask for mail sends none either.
    expect((await mailing.api('secretariaat').post(path(unasked.meetingId, 'publish'))).body.mailing).toBeNull();
    expect((await events(quiet.meetingId, 'report.published'))[0]?.detail).toEqual({ mailMembers: false });

    // A mailing started after them: once it is done, a mail of theirs would have been sent before it.
    const loud = await reportedMeeting('Luid', true, mailing);
    await mailing.api('secretariaat').post(path(loud.meetingId, 'publish'), { mailMembers: true });
    await mailed(loud.meetingId);
    expect(mail.messages).toHaveLength(members.length);
    for (const message of mail.messages) expect(message.text).toContain(publishedLink(loud.meetingId));
    expect(await events(quiet.meetingId, 'report.mailed')).toEqual([]);
    expect(await events(unasked.meetingId, 'report.mailed')).toEqual([]);
  });
});

describe('guessing public links', () => {
  // Last in this file: it exhausts this address's allowance on the shared server.
  it('refuses an address that keeps trying unknown links for a while', async () => {
    let response = await anonymous().get(`/api/public/reports/${'c'.repeat(43)}`);
    for (let i = 0; i < 40 && response.status === 404; i++) {
      response = await anonymous().get(`/api/public/reports/${'c'.repeat(43)}`);
    }
    expect(response.status).toBe(429);
    expect(response.body.error).toBe('publicReport.rateLimited');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
