import { listNetworksOfUser, searchEntries } from '@klankbord/db';
import { isRole, type Role } from '@klankbord/domain';
import { parseQuery, snippet, termStems } from '@klankbord/search';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { searchKinds, searchResultPath, visibleEntries } from '../search-index.ts';
import { valid } from '../validate.ts';

export const SEARCH_QUERY_MAX_LENGTH = 200;
const RESULTS = 20;

const kindList = z
  .string()
  .max(200, 'kind.invalid')
  .transform((value) => [...new Set(value.split(',').filter(Boolean))])
  .refine((kinds) => kinds.every((kind) => (searchKinds as readonly string[]).includes(kind)), 'kind.invalid');

const searchQuery = z.object({
  q: z.string('q.required').max(SEARCH_QUERY_MAX_LENGTH, 'q.tooLong'),
  network: z.string().max(100).optional(),
  /** Kinds of entry, comma-separated (meeting,theme,programmeItem,session,statement,report,example,…). */
  kind: kindList.optional(),
  /** The netwerkdagen of one year (entries without a netwerkdag are left out then). */
  year: z.coerce
    .number('year.invalid')
    .int('year.invalid')
    .min(1900, 'year.invalid')
    .max(2200, 'year.invalid')
    .optional(),
  /** One netwerkdag, by id. */
  meeting: z.coerce
    .number('meeting.invalid')
    .int('meeting.invalid')
    .positive('meeting.invalid')
    .max(Number.MAX_SAFE_INTEGER, 'meeting.invalid')
    .optional(),
});

/**
 * GET /api/search?q=…[&network=slug][&kind=a,b][&year=2015][&meeting=id]: the best matches across the networks the caller belongs to (or one of
 * them) that the permission matrix lets the caller see at their meeting's status, with a snippet whose found
 * words are marked, and the netwerkdag each belongs to. Words in quotes are a phrase; a compound is found by its
 * parts and they by it. The query itself names only the caller's networks and, per role, what that role may see.
 */
export function searchRoutes(deps: Deps) {
  return new Hono<AppEnv>().use(requireUser).get('/', valid('query', searchQuery), async (c) => {
    const { q, network, kind, year, meeting } = c.req.valid('query');
    const terms = parseQuery(q);
    if (terms.length === 0) fail(400, 'invalid_input', { q: 'q.required' });
    const stems = termStems(terms);
    const memberships = (await listNetworksOfUser(deps.db, c.get('principal')!.user.id)).filter(
      (row) => (network === undefined || row.slug === network) && isRole(row.role),
    );
    if (network !== undefined && memberships.length === 0) fail(404, 'not_found');
    const byId = new Map(memberships.map((row) => [row.id, row]));
    const networksByRole = new Map<Role, number[]>();
    for (const row of memberships) networksByRole.set(row.role, [...(networksByRole.get(row.role) ?? []), row.id]);
    const scopes = [...networksByRole].map(([role, networkIds]) => ({ networkIds, visible: visibleEntries(role) }));
    const started = performance.now();
    const filter = { kinds: kind, year, meetingId: meeting };
    const hits = await searchEntries(deps.db, { terms, scopes, limit: RESULTS, filter });
    const results = hits.map((hit) => {
      const member = byId.get(hit.networkId)!;
      return {
        kind: hit.kind,
        ref: hit.ref,
        title: hit.title,
        // The title with its found words marked too, whole (a title is short): room for three times its length
        // keeps snippet() from starting it at its first match ("… Nijmegen").
        titleParts: snippet(hit.title, stems, hit.title.length * 3),
        snippet: snippet(hit.body, stems),
        network: { slug: member.slug, name: member.name },
        meetingId: hit.meetingId,
        // Where it belongs, for the line "Netwerkdag Leeuwarden 2015 · programma".
        meeting:
          hit.meetingId === null
            ? null
            : { id: hit.meetingId, title: hit.meetingTitle ?? '', year: Number(hit.meetingDate?.slice(0, 4)) || null },
        path: searchResultPath(member.slug, hit),
        updatedAt: hit.updatedAt,
      };
    });
    return c.json({ results, tookMs: Math.round((performance.now() - started) * 10) / 10 });
  });
}
