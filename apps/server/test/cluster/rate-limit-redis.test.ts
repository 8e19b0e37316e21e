import { type RedisServer, startRedis, waitFor } from '@klankbord/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SharedLimiter } from '../../src/cluster/shared-limiter.ts';
import { createLogger } from '../../src/logger.ts';
import { LocalLimiter } from '../../src/middleware/rate-limit.ts';

// The shared limiter against a real Redis: two limiters on two connections stand for two instances.
describe('SharedLimiter', () => {
  let redis: RedisServer;
  const connections: Redis[] = [];
  const logger = createLogger('silent');

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.remove();
  });
  afterEach(async () => {
    for (const connection of connections.splice(0)) connection.disconnect();
  });

  async function connection(): Promise<Redis> {
    // As the bus connects: no offline queue, so a command fails at once while Redis is away.
    const made = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    connections.push(made);
    await waitFor(() => made.status === 'ready', 'the connection to Redis');
    return made;
  }

  async function limiter(name: string, maxAttempts: number, windowMs = 60_000) {
    const local = new LocalLimiter(maxAttempts, windowMs);
    return new SharedLimiter({ redis: await connection(), name, maxAttempts, windowMs, local, logger });
  }

  it('lets exactly the limit through of concurrent attempts on two instances', async () => {
    const onA = await limiter('test.concurrent', 7);
    const onB = await limiter('test.concurrent', 7);
    const waits = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? onA : onB).take('key')));

    expect(waits.filter((wait) => wait === 0)).toHaveLength(7);
    for (const wait of waits.filter((wait) => wait > 0)) expect(wait).toBeLessThanOrEqual(60);
    expect(await onA.retryAfter('key')).toBeGreaterThan(0);
    expect(await onB.retryAfter('key')).toBeGreaterThan(0);
  });

  it('shares given-back attempts, failures and resets', async () => {
    const onA = await limiter('test.giveBack', 2);
    const onB = await limiter('test.giveBack', 2);
    expect(await onA.take('key')).toBe(0);
    expect(await onA.take('key')).toBe(0);
    expect(await onB.take('key')).toBeGreaterThan(0);
    await onA.giveBack('key');
    expect(await onB.take('key')).toBe(0);
    await onB.reset('key');
    expect(await onA.retryAfter('key')).toBe(0);

    await onB.fail('other');
    await onB.fail('other');
    await onB.fail('other');
    expect(await onA.retryAfter('other')).toBeGreaterThan(0);
  });

  it('keeps each count under kb:rl:, hashes long keys, and lets every count expire with its window', async () => {
    const commands = await connection();
    const onA = await limiter('test.keys', 1, 400);
    const email = `${'a'.repeat(240)}@example.nl`;
    await onA.take('127.0.0.1');
    await onA.take(email);
    await onA.giveBack('nobody');

    const keys = (await commands.keys('kb:rl:test.keys:*')).sort();
    expect(keys).toEqual([onA.keyOf(email), onA.keyOf('127.0.0.1')].sort());
    expect(onA.keyOf('127.0.0.1')).toBe('kb:rl:test.keys:k:127.0.0.1');
    expect(onA.keyOf(email).length).toBeLessThan(80);
    for (const key of keys) {
      const left = await commands.pttl(key);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(400);
    }
    expect(await onA.take(email)).toBeGreaterThan(0);
    await waitFor(async () => (await onA.take(email)) === 0, 'the window to end');
  });

  it('limits by its own count when Redis stops answering, and shares again when it answers', async () => {
    const commands = await connection();
    const pid = Number(/process_id:(\d+)/.exec(await commands.info('server'))?.[1]);
    expect(pid).toBeGreaterThan(0);
    const onA = await limiter('test.partition', 3);
    const onB = await limiter('test.partition', 3);
    expect(await onA.take('key')).toBe(0);

    // A partition: the connection stays open, but nothing answers.
    process.kill(pid, 'SIGSTOP');
    try {
      const started = performance.now();
      expect(await onA.take('key')).toBe(0);
      expect(await onA.take('key')).toBe(0);
      expect(await onA.take('key')).toBeGreaterThan(0);
      // Two calls waited for Redis, each no longer than its timeout (a second); the third was refused by a's count.
      expect(performance.now() - started).toBeLessThan(4 * 1000);
      expect(await onB.take('key')).toBe(0);
    } finally {
      process.kill(pid, 'SIGCONT');
    }

    await waitFor(async () => (await commands.ping()) === 'PONG', 'Redis to answer again');
    // Redis counted what reached it (the first attempt, and those that arrived late); a is still refused by its own.
    expect(await onA.take('key')).toBeGreaterThan(0);
    const shared = Number(await commands.get(onA.keyOf('key')));
    expect(shared).toBeGreaterThanOrEqual(1);
    expect(shared).toBeLessThanOrEqual(3);
  });
});
