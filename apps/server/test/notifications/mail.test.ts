import { startMailServer, waitFor } from '@klankbord/testing';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { flushDirectMail, sendDigests } from '../../src/notifications/mailing.ts';
import { useMembersServer } from '../programme/support.ts';
import { type Ctx, mailingDeps, meetingIn, userIds, type Who } from './support.ts';

// A real mail server, started before the servers that mail through it.
const mail = await startMailServer();
afterAll(() => mail.close());

const emails: Record<Who, string> = {
  secretariaat: 'programma-sec@example.nl',
  klankbordgroep: 'programma-kbg@example.nl',
  deelnemer: 'deelnemer@example.nl',
  gast: 'gast@example.nl',
  elders: 'programma-elders@example.nl',
};
const mailsTo = (who: Who) => mail.messages.filter((message) => message.to.includes(emails[who]));

async function mention(ctx: Ctx, from: Who, to: number[], body = 'Kijk je even mee?') {
  const meetingId = await meetingIn(ctx, 'live');
  const thread = await ctx.api(from).get(`/api/threads?subject=meeting:${meetingId}`);
  const posted = await ctx.api(from).post(`/api/threads/${thread.body.thread.id}/messages`, { body, mentions: to });
  expect(posted.status).toBe(201);
  return meetingId;
}

describe('direct mail on its own', () => {
  const ctx = useMembersServer({ env: { SMTP_URL: mail.url, NOTIFICATION_OUTBOX_MS: '300' } });

  it('mails a mention within the outbox interval without anyone asking', async () => {
    const ids = await userIds(ctx);
    mail.messages.length = 0;
    await mention(ctx, 'deelnemer', [ids.klankbordgroep]);
    await waitFor(() => mailsTo('klankbordgroep').length === 1, 'the mail about the mention', 5000);
    expect(mailsTo('klankbordgroep')[0]?.text).toContain('deelnemer noemde u in een gesprek (Netwerkdag Utrecht).');
  });
});

describe('notification mail', () => {
  // The outbox runs only when a test asks, so that what each run sends is known.
  const ctx = useMembersServer({ env: { SMTP_URL: mail.url, NOTIFICATION_OUTBOX_MS: '3600000' }, perTest: true });
  let ids: Record<Who, number>;
  beforeEach(async () => {
    ids = await userIds(ctx);
    mail.messages.length = 0;
  });

  it('groups several mentions of one person into one mail, and never mails one twice', async () => {
    for (const body of ['Eén', 'Twee', 'Drie']) await mention(ctx, 'deelnemer', [ids.klankbordgroep, ids.gast], body);
    const deps = mailingDeps(ctx.server);
    expect(await flushDirectMail(deps)).toBe(2);
    expect(await flushDirectMail(deps)).toBe(0);
    expect(mailsTo('klankbordgroep')).toHaveLength(1);
    const [message] = mailsTo('klankbordgroep');
    expect(message?.raw).toMatch(/^Subject: 3 nieuwe meldingen op Klankbord/m);
    expect(message?.text.match(/noemde u in een gesprek/g)).toHaveLength(3);
    expect(message?.text).toContain(`${ctx.server.httpUrl}/networks/ngs/meetings/`);
    expect(mailsTo('gast')).toHaveLength(1);
  });

  it('follows each person’s choice per kind: off sends nothing, daily waits for the digest', async () => {
    await ctx.api('klankbordgroep').put('/api/notifications/preferences', { mention: 'off' });
    await ctx.api('gast').put('/api/notifications/preferences', { mention: 'daily' });
    await mention(ctx, 'deelnemer', [ids.klankbordgroep, ids.gast, ids.secretariaat]);
    const deps = mailingDeps(ctx.server);
    expect(await flushDirectMail(deps)).toBe(1);
    expect(mail.messages.flatMap((message) => message.to)).toEqual([emails.secretariaat]);
    expect(await sendDigests(deps)).toBe(1);
    expect(mailsTo('gast')).toHaveLength(1);
    expect(mailsTo('gast')[0]?.raw).toMatch(/^Subject: Uw meldingen van vandaag op Klankbord/m);
    expect(mailsTo('klankbordgroep')).toHaveLength(0);
    // The inbox holds them all the same.
    expect((await ctx.api('klankbordgroep').get('/api/notifications')).body.unread).toBe(1);
  });

  it('sends one digest per person per day with the day’s stage changes, each once', async () => {
    const meetingId = await meetingIn(ctx, 'preparation');
    expect(
      (await ctx.api('secretariaat').post(`/api/meetings/${meetingId}/status`, { status: 'published' })).status,
    ).toBe(200);
    expect((await ctx.api('secretariaat').post(`/api/meetings/${meetingId}/status`, { status: 'live' })).status).toBe(
      200,
    );
    const statement = await ctx
      .api('secretariaat')
      .post(`/api/meetings/${meetingId}/statements`, { text: 'Stelling één' });
    await ctx.api('secretariaat').post(`/api/statements/${statement.body.statement.id}/voting`, { open: true });
    const deps = mailingDeps(ctx.server);
    // Stage changes wait for the digest by default.
    expect(await flushDirectMail(deps)).toBe(0);
    const now = Date.now();
    expect(await sendDigests(deps, now)).toBe(3);
    expect(await sendDigests(deps, now + 1000)).toBe(0);
    const digest = mailsTo('deelnemer');
    expect(digest).toHaveLength(1);
    expect(digest[0]?.text.match(/Het programma is gepubliceerd/g)).toHaveLength(1);
    expect(digest[0]?.text.match(/De stemming is geopend: Stelling één/g)).toHaveLength(1);
    // The gast may not vote: their digest has the programme only.
    expect(mailsTo('gast')[0]?.text).not.toContain('stemming');
    expect(mailsTo('secretariaat')).toHaveLength(0);

    // What comes after today's digest goes in tomorrow's, not in a second one today.
    const second = await ctx
      .api('secretariaat')
      .post(`/api/meetings/${meetingId}/statements`, { text: 'Stelling twee' });
    await ctx.api('secretariaat').post(`/api/statements/${second.body.statement.id}/voting`, { open: true });
    expect(await sendDigests(deps, now + 2000)).toBe(0);
    expect(await sendDigests(deps, now + 24 * 60 * 60 * 1000)).toBe(2);
    const tomorrow = mailsTo('deelnemer')[1];
    expect(tomorrow?.text).toContain('Stelling twee');
    expect(tomorrow?.text).not.toContain('Stelling één');
  });

  it('writes in the person’s language and escapes what people typed in the HTML', async () => {
    await ctx.server.db.updateTable('users').set({ locale: 'en' }).where('id', '=', ids.klankbordgroep).execute();
    await ctx.server.db
      .updateTable('users')
      .set({ name: '<img src=x onerror=alert(1)>' })
      .where('id', '=', ids.deelnemer)
      .execute();
    await mention(ctx, 'deelnemer', [ids.klankbordgroep, ids.gast]);
    await flushDirectMail(mailingDeps(ctx.server));
    const english = mailsTo('klankbordgroep')[0];
    expect(english?.raw).toMatch(/^Subject: New notification on Klankbord/m);
    expect(english?.text).toContain('<img src=x onerror=alert(1)> mentioned you in a discussion');
    expect(english?.html).toContain('&lt;img src=x onerror=alert(1)&gt; mentioned you');
    expect(english?.html).not.toContain('<img');
    expect(mailsTo('gast')[0]?.text).toContain('noemde u in een gesprek');
  });

  it('unsubscribes a kind with one click of a signed link, and refuses a tampered one', async () => {
    await mention(ctx, 'deelnemer', [ids.gast]);
    await flushDirectMail(mailingDeps(ctx.server));
    const [message] = mailsTo('gast');
    const raw = message?.raw.replace(/\r?\n[ \t]+/g, ' ') ?? '';
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    const header = /^List-Unsubscribe: <([^>]+)>/m.exec(raw)?.[1];
    expect(header).toMatch(/\/unsubscribe\//);
    expect(message?.text).toContain(header);
    const url = header!;
    const preference = async () =>
      (await ctx.api('gast').get('/api/notifications/preferences')).body.preferences.mention as string;

    // Opening the link only asks: a link scanner unsubscribes nobody.
    const asked = await fetch(url);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('<form method="post">');
    expect(await preference()).toBe('direct');

    const token = url.split('/').at(-1)!;
    const [userId, kind, signature] = token.split('.') as [string, string, string];
    const base = url.slice(0, url.length - token.length);
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    for (const tampered of [
      `${userId}.${kind}.${flipped}`,
      `${ids.klankbordgroep}.${kind}.${signature}`,
      `${userId}.meeting.stage.${signature}`,
      `${userId}.${kind}`,
      'x',
    ]) {
      const refused = await fetch(`${base}${tampered}`, { method: 'POST' });
      expect(refused.status).toBe(400);
    }
    expect(await preference()).toBe('direct');
    expect((await ctx.api('klankbordgroep').get('/api/notifications/preferences')).body.preferences.mention).toBe(
      'direct',
    );

    // The mail client's one-click POST: no session, no Origin.
    const done = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('U bent afgemeld');
    expect(await preference()).toBe('off');
  });
});
