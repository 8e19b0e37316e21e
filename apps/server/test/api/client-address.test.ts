import { afterEach, describe, expect, it } from 'vitest';
import { type ForwardingProxy, startForwardingProxy } from '../support/forwarding-proxy.ts';
import { arrangeMember } from '../support/members.ts';
import { startTestServer, stopServer, type TestServer } from '../support/server.ts';
import { wrongSignInFrom } from '../support/sign-in-from.ts';
import { signedIn } from './support.ts';

// Two people behind one proxy, each connecting from an address of their own.
const ANNA = '127.0.0.2';
const BRAM = '127.0.0.3';
const SECRETARIAAT = 'secretariaat@example.nl';

let server: TestServer | undefined;
let proxy: ForwardingProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await stopServer(server);
  server = undefined;
});

async function start(env: Record<string, string>): Promise<void> {
  server = await startTestServer({ env });
  await arrangeMember(server.db, { email: SECRETARIAAT, role: 'secretariaat' });
  proxy = await startForwardingProxy(server.httpUrl);
}

/** The addresses of the failed sign-ins on `email` in the network's audit log, newest first. */
async function auditedAddresses(email: string): Promise<string[]> {
  const secretariat = await signedIn(server!.httpUrl, SECRETARIAAT);
  const audit = await secretariat.get('/api/networks/ngs/audit');
  return (audit.body.events as { event: string; subject: string; ip: string }[])
    .filter((event) => event.event === 'login.failed' && event.subject === email)
    .map((event) => event.ip);
}

describe('client addresses behind a proxy named in TRUST_PROXY', () => {
  it('limits sign-ins per person behind the proxy, not for everyone it forwards', async () => {
    await start({ TRUST_PROXY: '127.0.0.1' });
    // Anna guesses 40 times, each with another forged X-Forwarded-For: the 30 an address has, then 429.
    const anna = await Promise.all(
      Array.from({ length: 40 }, (_, i) => wrongSignInFrom(proxy!.url, ANNA, `gok${i}@example.nl`, `198.51.100.${i}`)),
    );
    expect(anna.filter((status) => status === 401)).toHaveLength(30);
    expect(anna.filter((status) => status === 429)).toHaveLength(10);
    // Bram, through the same proxy, is not locked out by her.
    expect(await wrongSignInFrom(proxy!.url, BRAM, SECRETARIAAT)).toBe(401);
  }, 60_000); // 30 password hashes

  it('records the address the proxy saw in the audit log, and the peer’s own when it is not a trusted proxy', async () => {
    await start({ TRUST_PROXY: '127.0.0.1' });
    expect(await wrongSignInFrom(proxy!.url, BRAM, SECRETARIAAT, '198.51.100.9')).toBe(401);
    // Straight to the server: the peer is Anna, who may say anything in X-Forwarded-For.
    expect(await wrongSignInFrom(server!.httpUrl, ANNA, SECRETARIAAT, '198.51.100.9')).toBe(401);
    expect(await auditedAddresses(SECRETARIAAT)).toEqual([ANNA, BRAM]);
  });
});

describe('client addresses without TRUST_PROXY', () => {
  it('takes the socket’s peer, the proxy itself, and ignores X-Forwarded-For', async () => {
    await start({});
    expect(await wrongSignInFrom(proxy!.url, BRAM, SECRETARIAAT, '198.51.100.9')).toBe(401);
    expect(await auditedAddresses(SECRETARIAAT)).toEqual(['127.0.0.1']);
  });
});
