import {
  createNetwork,
  listNetworkOrganisations,
  listNetworksOfUser,
  listOrganisations,
  type NetworkRow,
  putMember,
  setNetworkOrganisations,
  updateNetwork,
} from '@klankbord/db';
import { actions, decide, networkInput, networkOrganisationsInput, networkUpdate } from '@klankbord/domain';
import { Hono } from 'hono';
import { authoriseAnywhere, authoriseNetwork } from '../access/authorise.ts';
import { audit } from '../audit.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { organisationJson } from '../json.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { indexNetworkOrganisations, indexPerson } from '../search-index.ts';
import { valid } from '../validate.ts';

function networkJson(row: NetworkRow) {
  return { slug: row.slug, name: row.name, purpose: row.purpose };
}

/** Networks: mine, one with my role and permissions, creating and editing them, their organisations. */
export function networkRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', async (c) => {
      const networks = await listNetworksOfUser(deps.db, c.get('principal')!.user.id);
      return c.json({ networks: networks.map((n) => ({ ...networkJson(n), role: n.role })) });
    })
    .post('/', valid('json', networkInput), async (c) => {
      const principal = await authoriseAnywhere(deps.db, c.get('principal'), 'network.create');
      const network = await createNetwork(deps.db, c.req.valid('json'));
      if (!network) fail(409, 'slug.taken', { slug: 'slug.taken' });
      await putMember(deps.db, network.id, principal.user.id, 'secretariaat');
      await indexPerson(deps.db, principal.user.id);
      await audit(deps, c, { networkId: network.id, event: 'network.created', subject: network.slug });
      return c.json({ network: networkJson(network) }, 201);
    })
    .get('/:slug', async (c) => {
      const { network, role } = await authoriseNetwork(
        deps.db,
        c.get('principal'),
        c.req.param('slug'),
        'network.view',
      );
      // The web app shows a control only when its flag is true; the server checks again on every request.
      const permissions = Object.fromEntries(
        actions.map((action) => [action, decide('network', action, { role }) === 'allow']),
      );
      return c.json({ network: networkJson(network), role, permissions });
    })
    .patch('/:slug', valid('json', networkUpdate), async (c) => {
      const { network } = await authoriseNetwork(deps.db, c.get('principal'), c.req.param('slug'), 'network.edit');
      const updated = await updateNetwork(deps.db, network.id, c.req.valid('json'));
      if (!updated) fail(404, 'not_found');
      return c.json({ network: networkJson(updated) });
    })
    .get('/:slug/organisations', async (c) => {
      const { network } = await authoriseNetwork(deps.db, c.get('principal'), c.req.param('slug'), 'network.view');
      const organisations = await listNetworkOrganisations(deps.db, network.id);
      return c.json({ organisations: organisations.map(organisationJson) });
    })
    .put('/:slug/organisations', valid('json', networkOrganisationsInput), async (c) => {
      const { network } = await authoriseNetwork(
        deps.db,
        c.get('principal'),
        c.req.param('slug'),
        'organisation.manage',
      );
      const { organisationIds } = c.req.valid('json');
      const known = new Set((await listOrganisations(deps.db)).map((o) => o.id));
      if (!organisationIds.every((id) => known.has(id))) {
        fail(400, 'invalid_input', { organisationIds: 'organisation.invalid' });
      }
      await setNetworkOrganisations(deps.db, network.id, organisationIds);
      await indexNetworkOrganisations(deps.db, network.id);
      await audit(deps, c, {
        networkId: network.id,
        event: 'network.organisationsChanged',
        detail: { count: organisationIds.length },
      });
      return c.body(null, 204);
    });
}
