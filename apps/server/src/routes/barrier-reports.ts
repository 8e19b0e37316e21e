import { addBarrierReport, listBarrierReports, setBarrierReportStatus } from '@klankbord/db';
import { barrierReportInput, barrierReportStatusInput, decide } from '@klankbord/domain';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { authorise, refuseUnlessAllowed } from '../access/authorise.ts';
import { clientAddress } from '../client-address.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail, UserError } from '../errors.ts';
import { type RateLimiter, rateLimiter } from '../middleware/rate-limit.ts';
import { notifyBarrierReported } from '../notifications/barrier-reports.ts';
import { valid } from '../validate.ts';

const HOUR = 60 * 60 * 1000;
/** Reports per address and per signed-in person in an hour: plenty for someone with several problems to tell. */
export const BARRIER_REPORTS_PER_HOUR = 5;

const idParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });

/**
 * The barrier reports of the accessibility statement (/toegankelijkheid): anyone reports one, signed in or not;
 * the secretariaat of any network reads them and marks them handled, and is told of each new one. Bounded: a
 * body limit (the API's), field limits, a rate limit per address and per person, and a cap on open reports.
 */
export function barrierReportRoutes(deps: Deps) {
  const perAddress = rateLimiter(deps, 'barrier.address', BARRIER_REPORTS_PER_HOUR, HOUR);
  const perPerson = rateLimiter(deps, 'barrier.user', BARRIER_REPORTS_PER_HOUR, HOUR);

  /**
   * Counts a report against the caller's address and, when signed in, their account; 429 once either is used
   * up, and then what was counted for the other is given back.
   */
  const limit = async (c: Context<AppEnv>) => {
    const keys: [RateLimiter, string][] = [[perAddress, clientAddress(c, deps.config.trustProxy)]];
    const principal = c.get('principal');
    if (principal) keys.push([perPerson, `user:${principal.user.id}`]);
    const counted: [RateLimiter, string][] = [];
    for (const [limiter, key] of keys) {
      const wait = await limiter.take(key);
      if (wait > 0) {
        for (const [taken, takenKey] of counted) await taken.giveBack(takenKey);
        throw new UserError(429, 'barrier.rateLimited', undefined, { 'retry-after': String(wait) });
      }
      counted.push([limiter, key]);
    }
  };

  return new Hono<AppEnv>()
    .post('/', valid('json', barrierReportInput), async (c) => {
      // Signed out is allowed: the decision for 'submit' needs no facts (access.ts).
      refuseUnlessAllowed(decide('barrierReports', 'submit', { role: null }));
      await limit(c);
      const input = c.req.valid('json');
      const principal = c.get('principal');
      const id = await addBarrierReport(deps.db, { ...input, userId: principal?.user.id ?? null });
      if (id === 'full') fail(503, 'barrier.full');
      await notifyBarrierReported(deps, { id, page: input.page });
      return c.json({ id }, 201);
    })
    .get('/', async (c) => {
      await authorise(deps.db, c.get('principal'), { type: 'barrierReports' }, 'read');
      return c.json({ reports: await listBarrierReports(deps.db) });
    })
    .patch('/:id', valid('param', idParam), valid('json', barrierReportStatusInput), async (c) => {
      const grant = await authorise(deps.db, c.get('principal'), { type: 'barrierReports' }, 'handle');
      const changed = await setBarrierReportStatus(
        deps.db,
        c.req.valid('param').id,
        c.req.valid('json').status,
        grant.principal.user.id,
      );
      if (!changed) fail(404, 'not_found');
      return c.json({ status: c.req.valid('json').status });
    });
}
