import { type Gauge, MetricsRegistry } from './metrics.ts';

// Group commits take a few milliseconds on SQLite with fsync and on PostgreSQL on a LAN; the upper buckets catch
// a disk or a database that is struggling.
const PERSIST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The counts that other parts of the server keep, read at each scrape. */
export interface MetricSources {
  collabConnections: () => number;
  rooms: () => number;
  eventStreams: () => number;
  draining: () => boolean;
}

/**
 * Klankbord's metrics (listed in docs/deployment.md). One place names them all; the rest of the server only calls
 * these methods. No label carries a user, a document or a path.
 */
export class ServerMetrics {
  readonly registry = new MetricsRegistry();
  private readonly connections = this.registry.gauge(
    'klankbord_collab_connections',
    'Open collaboration (WebSocket) connections.',
  );
  private readonly rooms = this.registry.gauge('klankbord_collab_rooms', 'Documents loaded in memory (rooms).');
  private readonly updates = this.registry.counter(
    'klankbord_document_updates_total',
    'Document updates committed to the database.',
  );
  private readonly persist = this.registry.histogram(
    'klankbord_persist_duration_seconds',
    'Duration of each group commit of document updates.',
    PERSIST_BUCKETS,
  );
  private readonly eventStreams = this.registry.gauge('klankbord_event_streams', 'Open live event streams (SSE).');
  private readonly requests = this.registry.counter(
    'klankbord_http_requests_total',
    'HTTP requests answered, by status class.',
  );
  private readonly redisLag = this.registry.gauge(
    'klankbord_redis_lag_seconds',
    'How far behind this instance is in messages from the other instances through Redis.',
  );
  private readonly draining: Gauge = this.registry.gauge(
    'klankbord_draining',
    '1 while this instance drains before it stops, else 0.',
  );

  /** Where the gauges that others keep are read from; called once the server's parts exist. */
  sample(sources: MetricSources): void {
    this.connections.collectFrom(sources.collabConnections);
    this.rooms.collectFrom(sources.rooms);
    this.eventStreams.collectFrom(sources.eventStreams);
    this.draining.collectFrom(() => (sources.draining() ? 1 : 0));
  }

  /** For the update log (UpdateLog's onCommit): one durable group commit of `updates` updates that took `ms`. */
  readonly observeCommit = (ms: number, updates: number): void => {
    this.updates.inc({}, updates);
    this.persist.observe(ms / 1000);
  };

  /** Counts an answered request by its status class (2xx, 4xx …). */
  countRequest(status: number): void {
    this.requests.inc({ class: `${Math.floor(status / 100)}xx` });
  }

  /** For the Redis bus: the age of the newest message seen from another instance, in seconds. */
  setRedisLag(seconds: number): void {
    this.redisLag.set(seconds);
  }

  /** The scrape's body. */
  render(): string {
    return this.registry.render();
  }
}
