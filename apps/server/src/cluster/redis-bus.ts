import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { type Bus, channels } from './bus.ts';

/** Publishing stops while more than this waits to be written to Redis, so a slow Redis cannot grow our memory. */
const MAX_UNSENT_BYTES = 8 * 1024 * 1024;
/** How often the round trip to Redis is measured (the lag metric). */
const LAG_PROBE_MS = 5_000;
/** How long `isUp` waits for Redis to answer. */
const PING_TIMEOUT_MS = 1_000;

export interface RedisBusOptions {
  url: string;
  instanceId: string;
  logger: Logger;
  /** Told of each measured round trip to Redis, in seconds. */
  onLag?: (seconds: number) => void;
}

/**
 * The bus over Redis pub/sub: one connection publishes and runs commands, one listens. Each message starts with
 * the sender's instance id (a length byte, then its bytes), so an instance skips its own. Commands fail at once
 * while Redis is away (no offline queue): a queue would grow without bound and replay stale messages, and the
 * reconnect handlers repair what was lost from the database instead.
 */
export class RedisBus implements Bus {
  readonly redis: Redis;
  private readonly listener: Redis;
  private readonly handlers = new Map<string, Set<(payload: Uint8Array) => void>>();
  /** The SUBSCRIBE of each channel in flight or done, for `subscribed`. */
  private readonly subscriptions = new Map<string, Promise<void>>();
  private readonly reconnectHandlers = new Set<() => void>();
  private readonly prefix: Buffer;
  /** A message was dropped since the last one that went out: the others must reconcile. */
  private dropped = false;
  /** The listener has been connected before: a later `ready` is a reconnect. */
  private listened = false;
  private readonly lagProbe: ReturnType<typeof setInterval>;

  constructor(private readonly options: RedisBusOptions) {
    this.prefix = Buffer.from(options.instanceId, 'utf8');
    if (this.prefix.byteLength > 255) throw new Error('instance id too long');
    const settings = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      autoResubscribe: false,
      // Keeps trying, never more than a second apart, so instances find each other soon after Redis is back.
      retryStrategy: (attempt: number) => Math.min(50 * attempt, 1000),
      connectionName: `klankbord:${options.instanceId}`,
    };
    this.redis = new Redis(options.url, settings);
    this.listener = new Redis(options.url, settings);
    const log = options.logger.child({ component: 'bus' });
    for (const [role, connection] of [
      ['commands', this.redis],
      ['listener', this.listener],
    ] as const) {
      connection.on('error', (error: Error) => log.warn({ err: error.message, role }, 'redis error'));
    }
    this.listener.on('ready', () => {
      log.info({}, 'redis listener ready');
      const first = !this.listened;
      this.listened = true;
      void this.resubscribe().then(() => {
        if (this.dropped) {
          // What this instance sent while away is lost to the others as well.
          this.dropped = false;
          this.repair();
        } else if (!first || this.holdsDocuments()) {
          // It may have missed what the others sent. At the first connection that is only so when it already
          // served documents without Redis; otherwise starting an instance would disturb everyone's sockets.
          this.repairHere();
        }
      });
    });
    this.redis.on('ready', () => {
      if (!this.dropped) return;
      // Messages were dropped while the commands connection was away; the others may be quiet, so repair now.
      this.dropped = false;
      this.repair();
    });
    this.listener.on('messageBuffer', (channel: Buffer, message: Buffer) => this.deliver(channel.toString(), message));
    // Another instance was cut off or dropped messages: what it sent may never have arrived here either.
    this.subscribe(channels.repair, () => this.repairHere());
    this.lagProbe = setInterval(() => void this.probeLag(), LAG_PROBE_MS);
    this.lagProbe.unref();
  }

  get instanceId(): string {
    return this.options.instanceId;
  }

  publish(channel: string, payload: Uint8Array): void {
    const stream = (this.redis as unknown as { stream?: { writableLength?: number } }).stream;
    if (this.redis.status !== 'ready' || (stream?.writableLength ?? 0) > MAX_UNSENT_BYTES) {
      this.dropped = true;
      return;
    }
    const message = Buffer.allocUnsafe(1 + this.prefix.byteLength + payload.byteLength);
    message[0] = this.prefix.byteLength;
    this.prefix.copy(message, 1);
    message.set(payload, 1 + this.prefix.byteLength);
    this.redis.publish(channel, message).catch(() => {
      this.dropped = true;
    });
    if (this.dropped) {
      // This message went out after others did not: whoever missed them compares with the database now.
      this.dropped = false;
      this.repair();
    }
  }

  subscribe(channel: string, handler: (payload: Uint8Array) => void): () => void {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      if (this.listener.status === 'ready') this.subscriptions.set(channel, this.listen([channel]));
    }
    set.add(handler);
    return () => {
      const current = this.handlers.get(channel);
      if (!current?.delete(handler) || current.size > 0) return;
      this.handlers.delete(channel);
      this.subscriptions.delete(channel);
      if (this.listener.status === 'ready') this.listener.unsubscribe(channel).catch(() => {});
    };
  }

  async subscribed(channel: string): Promise<void> {
    await this.subscriptions.get(channel);
  }

  onReconnect(handler: () => void): () => void {
    this.reconnectHandlers.add(handler);
    return () => this.reconnectHandlers.delete(handler);
  }

  async isUp(): Promise<boolean> {
    if (this.redis.status !== 'ready' || this.listener.status !== 'ready') return false;
    // A command sent just as the connection dies waits for a reconnect: up is what answers within a second.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
    });
    try {
      return await Promise.race([this.redis.ping().then((answer) => answer === 'PONG'), late]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.lagProbe);
    this.handlers.clear();
    this.reconnectHandlers.clear();
    await Promise.allSettled([this.redis.quit(), this.listener.quit()]);
    this.redis.disconnect();
    this.listener.disconnect();
  }

  private deliver(channel: string, message: Buffer): void {
    const length = message[0];
    if (length === undefined || message.byteLength < 1 + length) return;
    if (length === this.prefix.byteLength && message.subarray(1, 1 + length).equals(this.prefix)) return;
    const payload = message.subarray(1 + length);
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(payload);
      } catch (error) {
        this.options.logger.error({ err: error, channel }, 'bus handler failed');
      }
    }
  }

  private holdsDocuments(): boolean {
    for (const channel of this.handlers.keys()) if (channel.startsWith(channels.document(''))) return true;
    return false;
  }

  /** Subscribes again to every channel with a handler: after a reconnect Redis knows none of them. */
  private async resubscribe(): Promise<void> {
    const names = [...this.handlers.keys()];
    if (names.length === 0) return;
    const done = this.listen(names);
    for (const name of names) this.subscriptions.set(name, done);
    await done;
  }

  /** SUBSCRIBE; a failure is left to the next reconnect, which subscribes every channel again. */
  private listen(names: string[]): Promise<void> {
    return this.listener.subscribe(...names).then(
      () => undefined,
      () => undefined,
    );
  }

  /**
   * After messages may have been lost, here or by others: this instance repairs, and tells every other to, since
   * the same outage may have kept this one's messages from them while their own connection never dropped.
   */
  private repair(): void {
    this.repairHere();
    this.publish(channels.repair, new Uint8Array());
  }

  private repairHere(): void {
    for (const handler of this.reconnectHandlers) {
      try {
        handler();
      } catch (error) {
        this.options.logger.error({ err: error }, 'bus reconnect handler failed');
      }
    }
  }

  private async probeLag(): Promise<void> {
    if (this.redis.status !== 'ready') return;
    const started = performance.now();
    try {
      await this.redis.ping();
      this.options.onLag?.((performance.now() - started) / 1000);
    } catch {
      // Down: readiness reports it; the next probe measures again.
    }
  }
}
