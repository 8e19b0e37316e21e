import { describe, expect, it } from 'vitest';
import { Readiness } from './readiness.ts';

describe('readiness', () => {
  it('is ready when every check answers, and reports each', async () => {
    const readiness = new Readiness();
    readiness.addCheck('database', async () => true);
    readiness.addCheck('redis', async () => true);
    expect(await readiness.report()).toEqual({
      ready: true,
      draining: false,
      checks: { database: 'up', redis: 'up' },
    });
  });

  it('counts a check that fails, throws or hangs past the timeout as down', async () => {
    const readiness = new Readiness(50);
    readiness.addCheck('database', async () => true);
    readiness.addCheck('false', async () => false);
    readiness.addCheck('throws', () => {
      throw new Error('no connection');
    });
    readiness.addCheck('hangs', () => new Promise<boolean>(() => {}));
    expect(await readiness.report()).toEqual({
      ready: false,
      draining: false,
      checks: { database: 'up', false: 'down', throws: 'down', hangs: 'down' },
    });
  });

  it('is not ready once draining, whatever the checks say', async () => {
    const readiness = new Readiness();
    readiness.addCheck('database', async () => true);
    readiness.setDraining();
    expect(await readiness.report()).toEqual({ ready: false, draining: true, checks: { database: 'up' } });
  });

  it('lets probes that arrive together share one run of the checks', async () => {
    const readiness = new Readiness();
    let runs = 0;
    readiness.addCheck('database', async () => {
      runs++;
      return true;
    });
    await Promise.all([readiness.report(), readiness.report(), readiness.report()]);
    expect(runs).toBe(1);
    await readiness.report();
    expect(runs).toBe(2);
  });
});
