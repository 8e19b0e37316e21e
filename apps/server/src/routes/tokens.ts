import { type ApiTokenSummary, createApiToken, listApiTokens, revokeApiToken } from '@klankbord/db';
import { apiTokenInput } from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import { revoke } from '../access/revoke.ts';
import { audit } from '../audit.ts';
import { newSecret } from '../auth/secrets.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { valid } from '../validate.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const idParam = z.object({ id: z.coerce.number().int().positive() });

function tokenJson(row: ApiTokenSummary) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * Personal API tokens. A token acts with its owner's current roles — never more — and its secret is
 * shown once, at creation; the database keeps only its hash.
 */
export function tokenRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', async (c) => {
      const tokens = await listApiTokens(deps.db, c.get('principal')!.user.id);
      return c.json({ tokens: tokens.map(tokenJson) });
    })
    .post('/', valid('json', apiTokenInput), async (c) => {
      const principal = c.get('principal')!;
      // A token cannot mint tokens: otherwise a leaked one would outlive its own revocation.
      if (principal.via === 'token') fail(403, 'forbidden');
      const { name, expiresInDays } = c.req.valid('json');
      const secret = newSecret('kb_');
      const token = await createApiToken(deps.db, {
        userId: principal.user.id,
        name,
        tokenHash: secret.hash,
        prefix: secret.value.slice(0, 10),
        expiresAt: Date.now() + expiresInDays * DAY_MS,
      });
      await audit(deps, c, { networkId: null, event: 'token.created', subject: name });
      return c.json({ token: tokenJson(token), secret: secret.value }, 201);
    })
    .delete('/:id', valid('param', idParam), async (c) => {
      const { id } = c.req.valid('param');
      if (!(await revokeApiToken(deps.db, c.get('principal')!.user.id, id))) fail(404, 'not_found');
      revoke(deps, { credential: `token:${id}` }, 'end', 'token revoked');
      await audit(deps, c, { networkId: null, event: 'token.revoked', subject: String(id) });
      return c.body(null, 204);
    });
}
