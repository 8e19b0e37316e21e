import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './metrics.ts';

describe('the metrics registry', () => {
  it('renders counters, gauges and histograms in the Prometheus text format', () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter('app_requests_total', 'Requests.');
    const rooms = registry.gauge('app_rooms', 'Rooms.');
    registry.gauge('app_open', 'Open things, counted elsewhere.', () => 7);
    const latency = registry.histogram('app_seconds', 'Latency.', [0.01, 0.1, 1]);
    requests.inc({ class: '2xx' });
    requests.inc({ class: '2xx' }, 2);
    requests.inc({ class: '5xx' });
    rooms.set(3);
    latency.observe(0.005);
    latency.observe(0.1);
    latency.observe(5);
    expect(registry.render()).toBe(
      [
        '# HELP app_requests_total Requests.',
        '# TYPE app_requests_total counter',
        'app_requests_total{class="2xx"} 3',
        'app_requests_total{class="5xx"} 1',
        '# HELP app_rooms Rooms.',
        '# TYPE app_rooms gauge',
        'app_rooms 3',
        '# HELP app_open Open things, counted elsewhere.',
        '# TYPE app_open gauge',
        'app_open 7',
        '# HELP app_seconds Latency.',
        '# TYPE app_seconds histogram',
        'app_seconds_bucket{le="0.01"} 1',
        'app_seconds_bucket{le="0.1"} 2',
        'app_seconds_bucket{le="1"} 2',
        'app_seconds_bucket{le="+Inf"} 3',
        'app_seconds_sum 5.105',
        'app_seconds_count 3',
        '',
      ].join('\n'),
    );
  });

  it('escapes label values and help text', () => {
    const registry = new MetricsRegistry();
    registry.counter('app_total', 'A \\ help\nline.').inc({ kind: 'a "quoted"\\ \nvalue' });
    expect(registry.render()).toContain('# HELP app_total A \\\\ help\\nline.');
    expect(registry.render()).toContain('app_total{kind="a \\"quoted\\"\\\\ \\nvalue"} 1');
  });

  it('refuses a counter going down, a metric registered twice, a bad name and unordered buckets', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('app_total', 'x');
    expect(() => counter.inc({}, -1)).toThrow(RangeError);
    expect(() => registry.gauge('app_total', 'x')).toThrow(/twice/);
    expect(() => registry.gauge('app-total', 'x')).toThrow(/not a metric name/);
    expect(() => registry.histogram('app_seconds', 'x', [1, 0.5])).toThrow(/increase/);
  });
});
