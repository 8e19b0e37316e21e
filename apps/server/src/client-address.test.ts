import { describe, expect, it } from 'vitest';
import { forwardedClient, isTrustedProxyList, trustedProxies } from './client-address.ts';
import { ConfigError, loadConfig } from './config.ts';

const balancer = trustedProxies('127.0.0.1, 10.0.0.5')!;

describe('the client behind trusted proxies', () => {
  it('takes the address the trusted proxy appended, not what the client wrote before it', () => {
    expect(forwardedClient('127.0.0.1', '203.0.113.7', balancer)).toBe('203.0.113.7');
    // A client that sends its own X-Forwarded-For cannot choose its address: the proxy's entry is the last.
    expect(forwardedClient('127.0.0.1', '198.51.100.1, 203.0.113.7', balancer)).toBe('203.0.113.7');
  });

  it('walks back over a chain of trusted proxies to the first address that is not one', () => {
    expect(forwardedClient('127.0.0.1', '198.51.100.1, 203.0.113.7, 10.0.0.5', balancer)).toBe('203.0.113.7');
  });

  it('believes the header only from a trusted peer', () => {
    expect(forwardedClient('203.0.113.7', '198.51.100.1', balancer)).toBe('203.0.113.7');
  });

  it('keeps the peer without a header or with a malformed entry where it reads', () => {
    expect(forwardedClient('127.0.0.1', undefined, balancer)).toBe('127.0.0.1');
    expect(forwardedClient('127.0.0.1', '', balancer)).toBe('127.0.0.1');
    expect(forwardedClient('127.0.0.1', '203.0.113.7:51234', balancer)).toBe('127.0.0.1');
    expect(forwardedClient('127.0.0.1', 'unknown', balancer)).toBe('127.0.0.1');
    expect(forwardedClient('127.0.0.1', '203.0.113.7,,10.0.0.5', balancer)).toBe('127.0.0.1');
  });

  it('ignores garbage left of the client, so a client cannot fall back onto the proxy’s shared address', () => {
    expect(forwardedClient('127.0.0.1', 'not-an-address, 203.0.113.7', balancer)).toBe('203.0.113.7');
  });

  it('names the left-most address when every hop is a trusted proxy', () => {
    expect(forwardedClient('127.0.0.1', '10.0.0.5', balancer)).toBe('10.0.0.5');
  });

  it('matches IPv6, IPv4-mapped peers and subnets', () => {
    const proxies = trustedProxies('::1, 10.0.0.0/24, 127.0.0.1')!;
    expect(forwardedClient('::1', '2001:db8::7', proxies)).toBe('2001:db8::7');
    expect(forwardedClient('0:0:0:0:0:0:0:1', '2001:db8::7', proxies)).toBe('2001:db8::7');
    expect(forwardedClient('::ffff:127.0.0.1', '203.0.113.7', proxies)).toBe('203.0.113.7');
    expect(forwardedClient('10.0.0.200', '203.0.113.7, 10.0.0.9', proxies)).toBe('203.0.113.7');
    expect(forwardedClient('10.0.1.1', '203.0.113.7', proxies)).toBe('10.0.1.1');
  });
});

describe('TRUST_PROXY', () => {
  it('accepts addresses and subnets, and nothing else', () => {
    expect(isTrustedProxyList('')).toBe(true);
    expect(isTrustedProxyList('127.0.0.1,10.0.0.5')).toBe(true);
    expect(isTrustedProxyList(' ::1 , 10.0.0.0/8, 2001:db8::/32')).toBe(true);
    for (const wrong of ['localhost', '10.0.0.0/33', '::1/129', '10.0.0.1/x', '10.0.0.1/8/8', '127.0.0.1:80', '*']) {
      expect(isTrustedProxyList(wrong), wrong).toBe(false);
    }
  });

  it('is off by default and refuses a malformed list at start', () => {
    expect(loadConfig({}).trustProxy).toBeNull();
    expect(loadConfig({ TRUST_PROXY: ' , ' }).trustProxy).toBeNull();
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1' }).trustProxy?.check('127.0.0.1')).toBe(true);
    expect(() => loadConfig({ TRUST_PROXY: 'haproxy.internal' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: 'haproxy.internal' })).toThrow(/TRUST_PROXY/);
  });
});
