import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The proxies whose X-Forwarded-For names the client (TRUST_PROXY); null: the socket's peer is the client. */
export type TrustedProxies = BlockList | null;

/**
 * The client's address, for rate limits, the audit log and guest votes. Behind a trusted proxy it is the
 * right-most address in X-Forwarded-For that is not a trusted proxy: each proxy appends the address it was
 * reached from, so only that end is written by proxies we trust; anything to the left of it the client may have
 * forged. A header that is malformed where we read it leaves the socket's peer.
 */
export function clientAddress(c: Context, trusted: TrustedProxies): string {
  const peer = peerAddress(c);
  if (!trusted) return peer;
  return forwardedClient(peer, c.req.header('x-forwarded-for'), trusted);
}

/** The address at the other end of the socket: the client itself, or the proxy it came through. */
export function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** clientAddress without the request: `forwardedFor` is the X-Forwarded-For header as received, if any. */
export function forwardedClient(peer: string, forwardedFor: string | undefined, trusted: BlockList): string {
  if (forwardedFor === undefined || !isTrusted(trusted, peer)) return peer;
  const hops = forwardedFor.split(',').map((hop) => hop.trim());
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hops[index]!;
    if (!isIP(hop)) return peer;
    if (!isTrusted(trusted, hop)) return hop;
  }
  // Proxies all the way: the left-most is the one that sent the request itself.
  return hops[0]!;
}

/**
 * TRUST_PROXY: comma-separated addresses (`127.0.0.1`, `::1`) or subnets (`10.0.0.0/24`); null when empty.
 * Throws on an entry that is neither (config.ts checks with isTrustedProxyList first).
 */
export function trustedProxies(list: string): TrustedProxies {
  const entries = entriesOf(list);
  if (entries.length === 0) return null;
  const proxies = new BlockList();
  for (const entry of entries) {
    const parsed = parseEntry(entry);
    if (!parsed) throw new Error(`not an address or subnet: ${entry}`);
    const type = parsed.family === 4 ? 'ipv4' : 'ipv6';
    if (parsed.prefix === null) proxies.addAddress(parsed.address, type);
    else proxies.addSubnet(parsed.address, parsed.prefix, type);
  }
  return proxies;
}

/** Whether every entry of a TRUST_PROXY list is an address or a subnet. */
export function isTrustedProxyList(list: string): boolean {
  return entriesOf(list).every((entry) => parseEntry(entry) !== null);
}

function entriesOf(list: string): string[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function parseEntry(entry: string): { address: string; family: 4 | 6; prefix: number | null } | null {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if ((family !== 4 && family !== 6) || rest.length > 0) return null;
  if (prefix === undefined) return { address, family, prefix: null };
  const bits = Number(prefix);
  if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)) return null;
  return { address, family, prefix: bits };
}

function isTrusted(trusted: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
