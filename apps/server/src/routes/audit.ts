import { listAuditEvents } from '@klankbord/db';
import { Hono } from 'hono';
import { z } from 'zod';
import { authoriseNetwork } from '../access/authorise.ts';
import { describeAuditEntries } from '../audit-subjects.ts';
import type { AppEnv, Deps } from '../env.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { valid } from '../validate.ts';

const PAGE_SIZE = 50;
const query = z.object({ before: z.coerce.number().int().positive().optional() });

/** The audit log of a network, newest first, 50 at a time; for the secretariat. */
export function auditRoutes(deps: Deps) {
  return new Hono<AppEnv>().use(requireUser).get('/', valid('query', query), async (c) => {
    const { network } = await authoriseNetwork(deps.db, c.get('principal'), c.req.param('slug') ?? '', 'audit.view');
    const events = await listAuditEvents(deps.db, network.id, {
      limit: PAGE_SIZE,
      before: c.req.valid('query').before,
    });
    // A full page may have older events behind it; the client asks for them with ?before=nextBefore.
    const nextBefore = events.length === PAGE_SIZE ? (events.at(-1)?.id ?? null) : null;
    return c.json({ events: await describeAuditEntries(deps.db, network, events), nextBefore });
  });
}
