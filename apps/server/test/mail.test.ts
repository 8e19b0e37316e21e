import { type MailServer, startMailServer, waitFor } from '@klankbord/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { createMailer } from '../src/mail.ts';
import { arrangeMember } from './support/members.ts';
import { removeDataDir, startTestServer, type TestServer } from './support/server.ts';

describe('invitation mail', () => {
  let server: TestServer;
  let mail: MailServer | null = null;

  afterEach(async () => {
    await server.close();
    await mail?.close();
    mail = null;
    removeDataDir(server.dataDir);
  });

  const invite = async (token: string) => {
    const response = await fetch(`${server.httpUrl}/api/networks/ngs/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nieuw@almere.nl', role: 'deelnemer' }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { link: string; mailed: boolean };
  };

  it('mails the invitation link when a mail server is configured', async () => {
    mail = await startMailServer();
    server = await startTestServer({ env: { SMTP_URL: mail.url, MAIL_FROM: 'Klankbord CCV <klankbord@ccv.nl>' } });
    const token = 'kb_mail-secretariaat-0123456789';
    await arrangeMember(server.db, { email: 'sec@ccv.nl', role: 'secretariaat', token });
    const { link, mailed } = await invite(token);
    expect(mailed).toBe(true);
    await waitFor(() => mail?.messages.length === 1, 'the mail to arrive');
    const message = mail.messages[0]?.raw ?? '';
    expect(message).toContain('To: nieuw@almere.nl');
    expect(message).toContain('From: Klankbord CCV <klankbord@ccv.nl>');
    // Quoted-printable may wrap long lines with "=\r\n"; the link must be there once unwrapped.
    expect(message.replace(/=\r?\n/g, '')).toContain(link);
  });

  it('still returns the link, unmailed, when the mail server cannot be reached', async () => {
    mail = await startMailServer();
    const url = mail.url;
    await mail.close();
    mail = null;
    server = await startTestServer({ env: { SMTP_URL: url } });
    const token = 'kb_mail-secretariaat-0123456789';
    await arrangeMember(server.db, { email: 'sec@ccv.nl', role: 'secretariaat', token });
    const { link, mailed } = await invite(token);
    expect(mailed).toBe(false);
    expect(link).toMatch(/\/invite\/[\w-]{43}$/);
  });
});

describe('mailing a network about a published verslag', () => {
  let mail: MailServer | null = null;

  afterEach(async () => {
    await mail?.close();
    mail = null;
  });

  const news = {
    networkName: 'Netwerk Grote Steden',
    meetingTitle: 'Netwerkdag Utrecht',
    meetingDates: ['2026-03-12'],
    link: 'https://klankbord.example/networks/ngs/meetings/7/report/published',
  };

  it('sends each member their own message over a few connections, however many members there are', async () => {
    const server = await startMailServer();
    mail = server;
    const mailer = createMailer(
      { smtp: { url: server.url, from: 'Klankbord <klankbord@example.nl>' } },
      createLogger('silent'),
    );
    const recipients = Array.from({ length: 24 }, (_, i) => ({ email: `lid${i}@example.nl`, name: `Lid ${i}` }));
    const pdf = new TextEncoder().encode('%PDF-1.7 verslag');
    const result = await mailer.sendReportPublished(
      { ...news, attachments: [{ filename: 'Verslag.pdf', content: pdf, contentType: 'application/pdf' }] },
      recipients,
    );
    expect(result).toEqual({ sent: 24, failed: 0 });
    expect(server.messages.map((message) => message.to)).toEqual(
      expect.arrayContaining(recipients.map((recipient) => [recipient.email])),
    );
    expect(server.messages).toHaveLength(24);
    expect(server.connections.most).toBeLessThanOrEqual(3);
    const first = server.messages[0];
    expect(first?.text).toContain('12 maart 2026');
    expect(first?.text).toContain(news.link);
    expect(first?.raw).toMatch(/Content-Disposition: attachment; filename=Verslag\.pdf/);
    expect(first?.raw).toContain(Buffer.from(pdf).toString('base64'));
  });

  it('counts what the mail server refused, and sends nothing without SMTP_URL', async () => {
    const closed = await startMailServer();
    const url = closed.url;
    await closed.close();
    const unreachable = createMailer({ smtp: { url, from: 'Klankbord <k@example.nl>' } }, createLogger('silent'));
    const recipients = [
      { email: 'een@example.nl', name: 'Een' },
      { email: 'twee@example.nl', name: 'Twee' },
    ];
    expect(await unreachable.sendReportPublished(news, recipients)).toEqual({ sent: 0, failed: 2 });
    const none = createMailer({ smtp: null }, createLogger('silent'));
    expect(none.configured).toBe(false);
    expect(await none.sendReportPublished(news, recipients)).toEqual({ sent: 0, failed: 0 });
  });
});
