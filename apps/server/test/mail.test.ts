import type { AddressInfo } from 'node:net';
import { waitFor } from '@klankbord/testing';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { arrangeMember } from './support/members.ts';
import { removeDataDir, startTestServer, type TestServer } from './support/server.ts';

/** A real SMTP server on a free local port that keeps every message it receives. */
async function startMailServer(): Promise<{ url: string; messages: string[]; close(): Promise<void> }> {
  const messages: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        messages.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise((resolve) => smtp.close(() => resolve())),
  };
}

describe('invitation mail', () => {
  let server: TestServer;
  let mail: Awaited<ReturnType<typeof startMailServer>> | null = null;

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
    const message = mail.messages[0] ?? '';
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
