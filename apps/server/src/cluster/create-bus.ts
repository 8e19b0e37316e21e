import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { type Bus, LocalBus } from './bus.ts';
import { RedisBus } from './redis-bus.ts';

/** Redis between instances when REDIS_URL is set; else the bus of one instance on its own. */
export function createBus(config: Config, logger: Logger, onLag?: (seconds: number) => void): Bus {
  if (!config.redisUrl) return new LocalBus(config.instanceId);
  return new RedisBus({ url: config.redisUrl, instanceId: config.instanceId, logger, ...(onLag ? { onLag } : {}) });
}
