import { createOrganisation, listNetworks, listOrganisations, updateOrganisation } from '@klankbord/db';
import { organisationInput } from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import { authoriseAnywhere } from '../access/authorise.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { organisationJson } from '../json.ts';
import { indexNetworkOrganisations } from '../search-index.ts';
import { valid } from '../validate.ts';

const idParam = z.object({ id: z.coerce.number().int().positive() });

/** The organisations people belong to: public to read (the set-up and invitation forms need them). */
export function organisationRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ organisations: (await listOrganisations(deps.db)).map(organisationJson) }))
    .post('/', valid('json', organisationInput), async (c) => {
      await authoriseAnywhere(deps.db, c.get('principal'), 'organisation.manage');
      const created = await createOrganisation(deps.db, c.req.valid('json'));
      if (!created) fail(409, 'organisation.taken', { name: 'organisation.taken' });
      return c.json({ organisation: organisationJson(created) }, 201);
    })
    .patch('/:id', valid('param', idParam), valid('json', organisationInput), async (c) => {
      await authoriseAnywhere(deps.db, c.get('principal'), 'organisation.manage');
      const updated = await updateOrganisation(deps.db, c.req.valid('param').id, c.req.valid('json'));
      if (updated === 'taken') fail(409, 'organisation.taken', { name: 'organisation.taken' });
      if (!updated) fail(404, 'not_found');
      // Its new name is found in every network it belongs to (a handful; this is the secretariaat's rare act).
      for (const network of await listNetworks(deps.db)) await indexNetworkOrganisations(deps.db, network.id);
      return c.json({ organisation: organisationJson(updated) });
    });
}
