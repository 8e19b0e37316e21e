import { type RedisServer, startRedis } from '@klankbord/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../api/support.ts';
import { arrangeMember, TEST_PASSWORD } from '../support/members.ts';
import { type Instances, startInstances, stopInstances, waitForRedis } from './live-instances.ts';

// Sign-ins are limited to five attempts per e-mail (and 30 per address) in 15 minutes, on all instances together.
describe('the sign-in limit across instances', () => {
  let redis: RedisServer;
  let instances: Instances;
  let people = 0;

  beforeAll(async () => {
    redis = await startRedis();
    instances = await startInstances(redis);
  });
  afterAll(async () => {
    await stopInstances(instances ?? {}, redis);
    await redis?.remove();
  });
  // Every test comes from 127.0.0.1: its per-address count starts empty in Redis (the instances' own counts stay).
  afterEach(async () => {
    if (!redis.running) await redis.start();
    const commands = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      await commands.flushall();
    } finally {
      commands.disconnect();
    }
  });

  /** A member of its own, so that each test's per-e-mail counts start empty on every instance. */
  async function person(): Promise<string> {
    const email = `inlogger-${++people}@example.nl`;
    await arrangeMember(instances.a.db, { email, role: 'deelnemer' });
    return email;
  }

  const signIn = (httpUrl: string, email: string, password = 'geraden wachtwoord') =>
    new ApiClient(httpUrl).signIn(email, password);

  it('counts wrong passwords on a and b together, and then refuses on both', async () => {
    const { a, b } = instances;
    const email = await person();
    for (const httpUrl of [a.httpUrl, b.httpUrl, a.httpUrl, b.httpUrl, a.httpUrl]) {
      expect((await signIn(httpUrl, email)).status).toBe(401);
    }

    const refused = await signIn(b.httpUrl, email);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: 'login.rateLimited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right password, on either instance, until the window ends.
    expect((await signIn(a.httpUrl, email, TEST_PASSWORD)).status).toBe(429);
    expect((await signIn(b.httpUrl, email, TEST_PASSWORD)).status).toBe(429);
  });

  it('checks at most five of 40 concurrent guesses spread over both instances', async () => {
    const { a, b } = instances;
    const email = await person();
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn(i % 2 === 0 ? a.httpUrl : b.httpUrl, email, `gok ${i}`)),
    );

    const statuses = guesses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(35);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
  });

  it('keeps serving and limits by each instance’s own count while Redis is down, shared again once it is back', async () => {
    const { a, b } = instances;
    const email = await person();
    // Three attempts on a while Redis is up: a keeps its own count of them too.
    for (let i = 0; i < 3; i++) expect((await signIn(a.httpUrl, email)).status).toBe(401);

    await redis.stop({ kill: true });
    await waitForRedis(instances, false);
    // a allows the two attempts left of its own five, not a fresh five.
    for (let i = 0; i < 2; i++) expect((await signIn(a.httpUrl, email)).status).toBe(401);
    expect((await signIn(a.httpUrl, email)).status).toBe(429);
    // b counted none of them: it allows its own five, and no more.
    for (let i = 0; i < 5; i++) expect((await signIn(b.httpUrl, email)).status).toBe(401);
    expect((await signIn(b.httpUrl, email)).status).toBe(429);
    // Both still sign other people in.
    const other = await person();
    expect((await signIn(a.httpUrl, other, TEST_PASSWORD)).status).toBe(200);
    expect((await signIn(b.httpUrl, other, TEST_PASSWORD)).status).toBe(200);

    await redis.start();
    await waitForRedis(instances, true);
    // The restarted Redis is empty, but neither instance forgets what it counted itself.
    expect((await signIn(a.httpUrl, email, TEST_PASSWORD)).status).toBe(429);
    expect((await signIn(b.httpUrl, email, TEST_PASSWORD)).status).toBe(429);
    // A new person's attempts are shared again: three on a and two on b use up the five.
    const third = await person();
    for (const httpUrl of [a.httpUrl, a.httpUrl, a.httpUrl, b.httpUrl, b.httpUrl]) {
      expect((await signIn(httpUrl, third)).status).toBe(401);
    }
    expect((await signIn(b.httpUrl, third)).status).toBe(429);
  });
});
