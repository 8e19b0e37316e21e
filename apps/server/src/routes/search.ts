import { listNetworksOfUser, searchEntries } from '@klankbord/db';
import { isRole, type Role } from '@klankbord/domain';
import { queryStems, snippet } from '@klankbord/search';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { searchResultPath, visibleEntries } from '../search-index.ts';
import { valid } from '../validate.ts';

export const SEARCH_QUERY_MAX_LENGTH = 200;
const RESULTS = 20;

const searchQuery = z.object({
  q: z.string('q.required').max(SEARCH_QUERY_MAX_LENGTH, 'q.tooLong'),
  network: z.string().max(100).optional(),
});

/**
 * GET /api/search?q=…[&network=slug]: the best matches across the networks the caller belongs to (or one of
 * them) that the permission matrix lets the caller see at their meeting's status, with a snippet whose found
 * words are marked. The query itself names only the caller's networks and, per role, what that role may see.
 */
export function searchRoutes(deps: Deps) {
  return new Hono<AppEnv>().use(requireUser).get('/', valid('query', searchQuery), async (c) => {
    const { q, network } = c.req.valid('query');
    const stems = queryStems(q);
    if (stems.length === 0) fail(400, 'invalid_input', { q: 'q.required' });
    const memberships = (await listNetworksOfUser(deps.db, c.get('principal')!.user.id)).filter(
      (row) => (network === undefined || row.slug === network) && isRole(row.role),
    );
    if (network !== undefined && memberships.length === 0) fail(404, 'not_found');
    const byId = new Map(memberships.map((row) => [row.id, row]));
    const networksByRole = new Map<Role, number[]>();
    for (const row of memberships) networksByRole.set(row.role, [...(networksByRole.get(row.role) ?? []), row.id]);
    const scopes = [...networksByRole].map(([role, networkIds]) => ({ networkIds, visible: visibleEntries(role) }));
    const started = performance.now();
    const hits = await searchEntries(deps.db, { stems, scopes, limit: RESULTS });
    const results = hits.map((hit) => {
      const member = byId.get(hit.networkId)!;
      return {
        kind: hit.kind,
        ref: hit.ref,
        title: hit.title,
        // The title with its found words marked too, whole (a title is short).
        titleParts: snippet(hit.title, stems, hit.title.length),
        snippet: snippet(hit.body, stems),
        network: { slug: member.slug, name: member.name },
        meetingId: hit.meetingId,
        path: searchResultPath(member.slug, hit),
        updatedAt: hit.updatedAt,
      };
    });
    return c.json({ results, tookMs: Math.round((performance.now() - started) * 10) / 10 });
  });
}
