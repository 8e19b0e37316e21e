import { request } from 'node:http';
import { addBarrierReport, countRows } from '@klankbord/db';
import { BARRIER_DESCRIPTION_MAX_LENGTH, OPEN_BARRIER_REPORTS_MAX } from '@klankbord/domain';
import { startMailServer, waitFor } from '@klankbord/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { BARRIER_REPORTS_PER_HOUR } from '../../src/routes/barrier-reports.ts';
import { ApiClient, SESSION_COOKIE, signedIn } from '../api/support.ts';
import { useMembersServer } from '../programme/support.ts';
import { TEST_PASSWORD } from '../support/members.ts';

// A real mail server, started before the servers that mail through it.
const mail = await startMailServer();
afterAll(() => mail.close());

/** Posts a report from another loopback address, as a browser elsewhere would (Origin ours, cookie optional). */
function postFrom(localAddress: string, baseUrl: string, body: unknown, cookie?: string): Promise<{ status: number }> {
  const url = new URL('/api/barrier-reports', baseUrl);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      localAddress,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(data),
        origin: url.origin,
        ...(cookie ? { cookie } : {}),
      },
    });
    req.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

const REPORT = {
  page: '/networks/ngs/meetings/3/programme',
  description: 'Met alleen het toetsenbord kom ik niet bij de knop om een onderdeel toe te voegen.',
  email: 'melder@example.nl',
};

describe('a barrier report', () => {
  // A fresh server per test: the rate limit per address counts every request from this one machine.
  const ctx = useMembersServer({ env: { SMTP_URL: mail.url, NOTIFICATION_OUTBOX_MS: '300' }, perTest: true });
  const visitor = () => new ApiClient(ctx.server.httpUrl);
  const stored = () => countRows(ctx.server.db, 'barrier_reports');

  it('is taken from someone signed out and reaches every secretariaat by notification and mail', async () => {
    mail.messages.length = 0;
    const response = await visitor().post('/api/barrier-reports', REPORT);
    expect(response.status, JSON.stringify(response.body)).toBe(201);

    // Both secretariaten (of ngs and of elders) are told; the other members are not.
    for (const who of ['secretariaat', 'elders'] as const) {
      const { body } = await ctx.api(who).get('/api/notifications');
      expect(body.notifications).toMatchObject([
        { kind: 'barrier.reported', link: '/toegankelijkheid/meldingen', params: { title: REPORT.page } },
      ]);
    }
    for (const who of ['klankbordgroep', 'deelnemer', 'gast'] as const)
      expect((await ctx.api(who).get('/api/notifications')).body.notifications).toEqual([]);

    const to = (email: string) => mail.messages.filter((message) => message.to.includes(email));
    await waitFor(
      () => to('programma-sec@example.nl').length === 1 && to('programma-elders@example.nl').length === 1,
      'the mail about the barrier report to both secretariaten',
      5000,
    );
    expect(to('programma-sec@example.nl')[0]?.text).toContain(
      `Iemand meldt een toegankelijkheidsprobleem op de pagina ${REPORT.page}.`,
    );
    expect(to('programma-sec@example.nl')[0]?.text).toContain(`${ctx.server.httpUrl}/toegankelijkheid/meldingen`);
    expect(to('deelnemer@example.nl')).toEqual([]);

    // The secretariaat reads it, with the address the reporter left for an answer.
    const list = await ctx.api('secretariaat').get('/api/barrier-reports');
    expect(list.body.reports).toMatchObject([{ ...REPORT, status: 'open', reporterName: null, handledAt: null }]);
  });

  it('names the reporter who was signed in, and takes one without an e-mail address', async () => {
    const member = await signedIn(ctx.server.httpUrl, 'deelnemer@example.nl');
    const response = await member.post('/api/barrier-reports', { ...REPORT, email: '' });
    expect(response.status).toBe(201);
    const { body } = await ctx.api('secretariaat').get('/api/barrier-reports');
    expect(body.reports).toHaveLength(1);
    expect(body.reports[0].email).toBeNull();
    expect(body.reports[0].reporterName).toEqual(expect.any(String));
    expect(body.reports[0].reporterName.length).toBeGreaterThan(0);
  });

  it('forgets the reporter, and their address, when they remove their account', async () => {
    const member = await signedIn(ctx.server.httpUrl, 'deelnemer@example.nl');
    expect((await member.post('/api/barrier-reports', REPORT)).status).toBe(201);
    // Signed out with the same address, for an answer.
    expect((await visitor().post('/api/barrier-reports', { ...REPORT, email: 'deelnemer@example.nl' })).status).toBe(
      201,
    );
    const removed = await member.request('DELETE', '/api/account', { json: { currentPassword: TEST_PASSWORD } });
    expect(removed.status).toBe(204);
    const { body } = await ctx.api('secretariaat').get('/api/barrier-reports');
    expect(
      body.reports.map((r: { reporterName: string | null; email: string | null }) => [r.reporterName, r.email]),
    ).toEqual([
      [null, null],
      [null, REPORT.email],
    ]);
  });

  it('refuses bad input with the field that is wrong, and stores nothing', async () => {
    const cases: [unknown, Record<string, string>][] = [
      [{ ...REPORT, page: '' }, { page: 'barrier.page.required' }],
      [{ ...REPORT, page: 'https://elders.example/phishing' }, { page: 'barrier.page.invalid' }],
      [{ ...REPORT, page: '//elders.example/pagina' }, { page: 'barrier.page.invalid' }],
      [{ ...REPORT, page: `/${'a'.repeat(500)}` }, { page: 'barrier.page.tooLong' }],
      [{ ...REPORT, description: 'kapot' }, { description: 'barrier.description.tooShort' }],
      [
        { ...REPORT, description: 'x'.repeat(BARRIER_DESCRIPTION_MAX_LENGTH + 1) },
        { description: 'barrier.description.tooLong' },
      ],
      [{ ...REPORT, email: 'geen-adres' }, { email: 'email.invalid' }],
      [{ page: REPORT.page }, { description: 'barrier.description.tooShort' }],
    ];
    for (const [body, fields] of cases) {
      const response = await visitor().post('/api/barrier-reports', body);
      expect({ status: response.status, body: response.body }, JSON.stringify(body).slice(0, 80)).toEqual({
        status: 400,
        body: { error: 'invalid_input', fields: expect.objectContaining(fields) },
      });
    }
    const huge = await visitor().post('/api/barrier-reports', { ...REPORT, description: 'x'.repeat(70_000) });
    expect(huge.status).toBe(413);
    const malformed = await visitor().request('POST', '/api/barrier-reports', { raw: '{"page":' });
    expect(malformed.status).toBe(400);
    // A page elsewhere cannot post one in a visitor's name (no Origin of ours).
    const crossSite = await visitor().post('/api/barrier-reports', REPORT, { origin: 'https://elders.example' });
    expect(crossSite.status).toBe(403);
    expect(await stored()).toBe(0);
  });

  it(`takes at most ${BARRIER_REPORTS_PER_HOUR} an hour from one address`, async () => {
    for (let i = 0; i < BARRIER_REPORTS_PER_HOUR; i++)
      expect((await visitor().post('/api/barrier-reports', REPORT)).status).toBe(201);
    const refused = await visitor().post('/api/barrier-reports', REPORT);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: 'barrier.rateLimited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await stored()).toBe(BARRIER_REPORTS_PER_HOUR);
  });

  it(`takes at most ${BARRIER_REPORTS_PER_HOUR} an hour from one signed-in person, whatever their address`, async () => {
    const member = await signedIn(ctx.server.httpUrl, 'deelnemer@example.nl');
    for (let i = 0; i < BARRIER_REPORTS_PER_HOUR; i++)
      expect((await member.post('/api/barrier-reports', REPORT)).status).toBe(201);
    // From another address (127.0.0.2), the same person is still refused; someone signed out there is not.
    const cookie = `${SESSION_COOKIE}=${member.session}`;
    expect((await postFrom('127.0.0.2', ctx.server.httpUrl, REPORT, cookie)).status).toBe(429);
    expect((await postFrom('127.0.0.2', ctx.server.httpUrl, REPORT)).status).toBe(201);
    expect(await stored()).toBe(BARRIER_REPORTS_PER_HOUR + 1);
  });

  it(`keeps at most ${OPEN_BARRIER_REPORTS_MAX} open, and takes new ones once the secretariaat handles some`, async () => {
    let first = 0;
    for (let i = 0; i < OPEN_BARRIER_REPORTS_MAX; i++) {
      const id = await addBarrierReport(ctx.server.db, { ...REPORT, userId: null });
      if (id === 'full') throw new Error(`full after ${i}`);
      first ||= id;
    }
    const full = await visitor().post('/api/barrier-reports', REPORT);
    expect({ status: full.status, body: full.body }).toEqual({ status: 503, body: { error: 'barrier.full' } });
    expect(await stored()).toBe(OPEN_BARRIER_REPORTS_MAX);

    const handled = await ctx.api('secretariaat').patch(`/api/barrier-reports/${first}`, { status: 'handled' });
    expect(handled.status).toBe(200);
    expect((await visitor().post('/api/barrier-reports', REPORT)).status).toBe(201);
    const { body } = await ctx.api('elders').get('/api/barrier-reports');
    // Open ones first; the handled one is past the first hundred.
    expect(body.reports).toHaveLength(100);
    expect(body.reports.every((report: { status: string }) => report.status === 'open')).toBe(true);
  });

  it('is read and handled by a secretariaat only', async () => {
    const id = await addBarrierReport(ctx.server.db, { ...REPORT, userId: null });
    if (id === 'full') throw new Error('no room for the report');
    expect((await visitor().get('/api/barrier-reports')).status).toBe(401);
    expect((await visitor().patch(`/api/barrier-reports/${id}`, { status: 'handled' })).status).toBe(401);
    for (const who of ['klankbordgroep', 'deelnemer', 'gast'] as const) {
      expect((await ctx.api(who).get('/api/barrier-reports')).body).toEqual({ error: 'forbidden' });
      const patch = await ctx.api(who).patch(`/api/barrier-reports/${id}`, { status: 'handled' });
      expect({ status: patch.status, body: patch.body }).toEqual({ status: 403, body: { error: 'forbidden' } });
    }
    const secretariaat = ctx.api('secretariaat');
    expect((await secretariaat.patch(`/api/barrier-reports/${id}`, { status: 'gedaan' })).status).toBe(400);
    expect((await secretariaat.patch(`/api/barrier-reports/${id + 1000}`, { status: 'handled' })).status).toBe(404);
    expect((await secretariaat.patch(`/api/barrier-reports/${id}`, { status: 'handled' })).status).toBe(200);
    const { body } = await secretariaat.get('/api/barrier-reports');
    expect(body.reports).toMatchObject([{ id, status: 'handled', handledAt: expect.any(Number) }]);
    expect((await secretariaat.patch(`/api/barrier-reports/${id}`, { status: 'open' })).status).toBe(200);
    expect((await secretariaat.get('/api/barrier-reports')).body.reports[0]).toMatchObject({
      status: 'open',
      handledAt: null,
    });
  });
});
