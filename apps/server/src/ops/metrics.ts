/**
 * A small metrics registry that renders the Prometheus text exposition format, version 0.0.4. Counters, gauges
 * and histograms with fixed buckets are all Klankbord needs; labels must stay few in values (a status class, never
 * a user or a document), since every distinct set of label values is a series of its own.
 */

/** The Content-Type of a scrape's answer. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Readonly<Record<string, string>>;

interface Metric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  /** `name{labels} value` lines. */
  lines(): string[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Only monotonically increasing values: Prometheus's rate() turns a counter into a per-second rate. */
export class Counter implements Metric {
  readonly type = 'counter';
  private readonly values = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  /** Adds `by` (at least 0) to the series with these labels. */
  inc(labels: Labels = {}, by = 1): void {
    if (!(by >= 0)) throw new RangeError(`${this.name}: a counter only goes up`);
    const key = labelText(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  lines(): string[] {
    return [...this.values].map(([labels, value]) => `${this.name}${labels} ${formatValue(value)}`);
  }
}

/** A value that goes up and down: set by its owner, or read from `collect` at each scrape. */
export class Gauge implements Metric {
  readonly type = 'gauge';
  private value = 0;

  constructor(
    readonly name: string,
    readonly help: string,
    private collect?: () => number,
  ) {}

  set(value: number): void {
    this.value = value;
  }

  /** Reads the value from `collect` at each scrape from now on (a count that something else keeps). */
  collectFrom(collect: () => number): void {
    this.collect = collect;
  }

  lines(): string[] {
    return [`${this.name} ${formatValue(this.collect ? this.collect() : this.value)}`];
  }
}

/** Observations counted into fixed buckets (upper bounds, inclusive), with their sum and count. */
export class Histogram implements Metric {
  readonly type = 'histogram';
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
  ) {
    if (buckets.some((bound, i) => i > 0 && bound <= (buckets[i - 1] as number)))
      throw new RangeError(`${name}: buckets must increase`);
    this.counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    const index = this.buckets.findIndex((bound) => value <= bound);
    if (index >= 0) this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.sum += value;
    this.count++;
  }

  lines(): string[] {
    // Buckets are cumulative in the exposition format: each counts every observation up to its bound.
    let cumulative = 0;
    const lines = this.buckets.map((bound, i) => {
      cumulative += this.counts[i] ?? 0;
      return `${this.name}_bucket${labelText({ le: formatValue(bound) })} ${cumulative}`;
    });
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`);
    lines.push(`${this.name}_sum ${formatValue(this.sum)}`, `${this.name}_count ${this.count}`);
    return lines;
  }
}

/** The metrics of one process, rendered together for a scrape. */
export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  counter(name: string, help: string): Counter {
    return this.add(new Counter(name, help));
  }

  gauge(name: string, help: string, collect?: () => number): Gauge {
    return this.add(new Gauge(name, help, collect));
  }

  histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, buckets));
  }

  /** Every metric with its HELP and TYPE lines, in the order registered. */
  render(): string {
    const out: string[] = [];
    for (const metric of this.metrics.values()) {
      out.push(`# HELP ${metric.name} ${escapeHelp(metric.help)}`, `# TYPE ${metric.name} ${metric.type}`);
      out.push(...metric.lines());
    }
    return `${out.join('\n')}\n`;
  }

  private add<M extends Metric>(metric: M): M {
    if (!NAME.test(metric.name)) throw new Error(`not a metric name: ${metric.name}`);
    if (this.metrics.has(metric.name)) throw new Error(`metric registered twice: ${metric.name}`);
    this.metrics.set(metric.name, metric);
    return metric;
  }
}

function labelText(labels: Labels): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${escapeLabel(value)}"`);
  return pairs.length ? `{${pairs.join(',')}}` : '';
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
