import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** One measured number, as printed in the table and written to the JSON file. */
export interface Metric {
  name: string;
  value: number;
  unit: string;
}

/** What one bench process measured: the numbers for the table, and the runs behind each median. */
export interface Measurements {
  metrics: Metric[];
  samples: Record<string, number[]>;
}

export const KiB = 1024;
export const MiB = 1024 * 1024;

/** Collects metrics, rounded to what the measurement can tell apart. */
export class Report implements Measurements {
  readonly metrics: Metric[] = [];
  readonly samples: Record<string, number[]> = {};

  record(name: string, value: number, unit: string): void {
    this.metrics.push({ name, value: round(value), unit });
  }

  /** Records the median, min and max of repeated runs, and keeps the runs for the JSON file. */
  recordRuns(name: string, key: string, runs: readonly number[], unit: string): void {
    this.record(`${name} (median)`, percentile(runs, 50), unit);
    this.record(`${name} (min)`, Math.min(...runs), unit);
    this.record(`${name} (max)`, Math.max(...runs), unit);
    this.samples[key] = runs.map(round);
  }

  add(other: Measurements): void {
    this.metrics.push(...other.metrics);
    Object.assign(this.samples, other.samples);
  }
}

function round(value: number): number {
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return Number(value.toFixed(digits));
}

/** The nearest-rank percentile; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Progress goes to stderr, so that stdout holds only the results. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Memory after full collections, so that it shows what is live rather than when V8 last ran. Each
 * collection gets a task of its own: what a finished job still held is only collectable once it has ended.
 */
export async function memory(): Promise<NodeJS.MemoryUsage> {
  for (let turn = 0; turn < 3; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
  }
  return process.memoryUsage();
}

/** The machine a bench runs on. Other work on it slows every number; the load average says how quiet it was. */
export function machine() {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Number((totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage1m: Number(loadavg()[0]?.toFixed(2)),
  };
}
