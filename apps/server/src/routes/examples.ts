import {
  createExample,
  deleteExample,
  type Example,
  exampleStatistics,
  findExample,
  findMeeting,
  findMeetingSession,
  findMembersAmong,
  listAttachments,
  listExamples,
  listExampleTags,
  listMembers,
  listNetworkOrganisations,
  setExampleMark,
  setTagCurated,
  updateExample,
} from '@klankbord/db';
import {
  type ExampleInput,
  exampleDocumentName,
  exampleInput,
  exampleListQuery,
  exampleMarkInput,
  exampleTagCuratedInput,
} from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  authoriseNetwork,
  decideNeeds,
  mayInMeeting,
  mayInSubject,
  type NetworkAccess,
  refuseUnlessAllowed,
} from '../access/authorise.ts';
import { revoke } from '../access/revoke.ts';
import { audit } from '../audit.ts';
import { removeDocuments } from '../documents.ts';
import type { AppEnv, Deps, Principal } from '../env.ts';
import { fail } from '../errors.ts';
import { indexExample, unindexExample } from '../search-index.ts';
import { valid } from '../validate.ts';
import { removeAttachments } from './attachments.ts';

const idParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });
const tagParam = z.object({ slug: z.string(), tagId: z.coerce.number().int().positive('tag.invalid') });

/** An example as the API returns it, with its document and what the caller may do with it. */
function exampleJson(example: Example, slug: string, access: 'read' | 'write') {
  return { ...example, document: exampleDocumentName(slug, example.id), canEdit: access === 'write' };
}

/**
 * Checks what an example's fields point at, all within the network: the city is one of its organisations, the
 * contact one of its members, the meeting one of its meetings that the caller may see, the session one of that
 * meeting's. Any other id is refused as if it did not exist.
 */
async function checkReferences(deps: Deps, access: NetworkAccess, input: ExampleInput): Promise<void> {
  const { network, role } = access;
  if (input.organisationId !== null) {
    const organisations = await listNetworkOrganisations(deps.db, network.id);
    if (!organisations.some((organisation) => organisation.id === input.organisationId))
      fail(400, 'invalid_input', { organisationId: 'organisation.invalid' });
  }
  if (input.contactUserId !== null) {
    const found = await findMembersAmong(deps.db, network.id, [input.contactUserId]);
    if (found.length === 0) fail(400, 'invalid_input', { contactUserId: 'contact.invalid' });
  }
  if (input.sessionId !== null && input.meetingId === null)
    fail(400, 'invalid_input', { sessionId: 'session.invalid' });
  if (input.meetingId !== null) {
    const meeting = await findMeeting(deps.db, input.meetingId);
    if (meeting?.network_id !== network.id || !mayInMeeting(role, 'meeting.view', meeting.status))
      fail(400, 'invalid_input', { meetingId: 'meeting.invalid' });
    if (input.sessionId !== null) {
      const session = await findMeetingSession(deps.db, input.sessionId);
      if (session?.meetingId !== meeting.id) fail(400, 'invalid_input', { sessionId: 'session.invalid' });
    }
  }
}

/**
 * An example and the caller's standing, by the one access decision: 404 unless the caller is a member of its
 * network (an example's existence is not revealed to outsiders), 403 unless they may do what `need` says.
 */
async function authoriseExample(deps: Deps, principal: Principal | null, id: number, need: 'read' | 'write' | 'mark') {
  if (!principal) fail(401, 'unauthorised');
  const address = { type: 'example', exampleId: id } as const;
  const { decisions, grant } = await decideNeeds(deps.db, principal, address, [need, 'write']);
  refuseUnlessAllowed(decisions.get(need));
  return {
    example: grant.example!,
    network: grant.network!,
    role: grant.role!,
    principal,
    access: decisions.get('write') === 'allow' ? ('write' as const) : ('read' as const),
  };
}

/** /api/networks/:slug/examples and /api/examples/:id: the network's library of goede voorbeelden. */
export function exampleRoutes(deps: Deps) {
  const slugOf = (c: { req: { param: (name: string) => string | undefined } }) => c.req.param('slug') ?? '';
  return new Hono<AppEnv>()
    .get('/networks/:slug/examples', valid('query', exampleListQuery), async (c) => {
      const { network, principal } = await authoriseNetwork(deps.db, c.get('principal'), slugOf(c), 'network.view');
      const query = c.req.valid('query');
      const examples = await listExamples(deps.db, network.id, {
        viewerId: principal.user.id,
        sort: query.sort,
        filter: {
          tagId: query.tag,
          organisationId: query.organisation,
          status: query.status,
          year: query.year,
          meetingId: query.meeting,
        },
      });
      return c.json({
        examples: examples.map((example) => ({ ...example, document: exampleDocumentName(network.slug, example.id) })),
        tags: await listExampleTags(deps.db, network.id),
      });
    })
    .get('/networks/:slug/examples/statistics', async (c) => {
      const { network } = await authoriseNetwork(deps.db, c.get('principal'), slugOf(c), 'network.view');
      const [statistics, members, organisations] = await Promise.all([
        exampleStatistics(deps.db, network.id),
        listMembers(deps.db, network.id),
        listNetworkOrganisations(deps.db, network.id),
      ]);
      // Per city: its members in the network and the examples it contributed.
      const cities = organisations.map((organisation) => ({
        id: organisation.id,
        name: organisation.name,
        members: members.filter((member) => member.organisationId === organisation.id).length,
        examples: statistics.byOrganisation.find((row) => row.id === organisation.id)?.count ?? 0,
      }));
      return c.json({ ...statistics, cities: cities.filter((city) => city.members > 0 || city.examples > 0) });
    })
    .post('/networks/:slug/examples', valid('json', exampleInput), async (c) => {
      const access = await authoriseNetwork(deps.db, c.get('principal'), slugOf(c), 'example.create');
      const input = c.req.valid('json');
      await checkReferences(deps, access, input);
      const id = await createExample(deps.db, {
        networkId: access.network.id,
        input,
        createdBy: access.principal.user.id,
      });
      const example = (await findExample(deps.db, id, access.principal.user.id))!;
      await indexExample(deps.db, example);
      return c.json({ example: exampleJson(example, access.network.slug, 'write') }, 201);
    })
    .get('/examples/:id', valid('param', idParam), async (c) => {
      const { example, network, role, access } = await authoriseExample(
        deps,
        c.get('principal'),
        c.req.valid('param').id,
        'read',
      );
      // What the viewer may do in the example's discussion, decided by the same rule the thread routes use.
      const discussion = {
        canPost: mayInSubject(role, 'example', 'post', null),
        canModerate: mayInSubject(role, 'example', 'moderate', null),
      };
      return c.json({ example: exampleJson(example, network.slug, access), discussion });
    })
    .patch('/examples/:id', valid('param', idParam), valid('json', exampleInput), async (c) => {
      const found = await authoriseExample(deps, c.get('principal'), c.req.valid('param').id, 'write');
      const input = c.req.valid('json');
      await checkReferences(deps, found, input);
      if (!(await updateExample(deps.db, found.example.id, input))) fail(404, 'not_found');
      const example = (await findExample(deps.db, found.example.id, found.principal.user.id))!;
      await indexExample(deps.db, example);
      // A contact who is replaced may no longer write its description: their sockets on it are authorised afresh.
      const formerContact = found.example.contact?.id;
      if (formerContact !== undefined && formerContact !== example.contact?.id) {
        const documents = new Set([exampleDocumentName(found.network.slug, example.id)]);
        revoke(deps, { userId: formerContact, documents }, 'reauthorise', 'no longer the contact');
      }
      return c.json({ example: exampleJson(example, found.network.slug, 'write') });
    })
    .delete('/examples/:id', valid('param', idParam), async (c) => {
      const found = await authoriseExample(deps, c.get('principal'), c.req.valid('param').id, 'write');
      // Its files go with it, from the disk too.
      await removeAttachments(deps, await listAttachments(deps.db, 'example', found.example.id));
      await deleteExample(deps.db, found.example.id);
      await unindexExample(deps.db, found.example.id);
      // Its description goes too: sockets end, and the document's log and snapshots leave the database.
      await removeDocuments(deps, new Set([exampleDocumentName(found.network.slug, found.example.id)]));
      await audit(deps, c, {
        networkId: found.network.id,
        event: 'example.deleted',
        subject: String(found.example.id),
        detail: { title: found.example.title },
      });
      return c.body(null, 204);
    })
    .put('/examples/:id/mark', valid('param', idParam), valid('json', exampleMarkInput), async (c) => {
      const { example, network, principal } = await authoriseExample(
        deps,
        c.get('principal'),
        c.req.valid('param').id,
        'mark',
      );
      await setExampleMark(deps.db, example.id, principal.user.id, c.req.valid('json').marked);
      const updated = (await findExample(deps.db, example.id, principal.user.id))!;
      // Whoever may read the voorbeeld sees its count follow; whose marks they are stays unsaid.
      deps.live.publish(
        network.id,
        { type: 'example.marks', exampleId: example.id, marks: updated.marks },
        { type: 'example', need: 'read', facts: {} },
      );
      return c.json({ marks: updated.marks, markedByViewer: updated.markedByViewer });
    })
    .post(
      '/networks/:slug/example-tags/:tagId/curated',
      valid('param', tagParam),
      valid('json', exampleTagCuratedInput),
      async (c) => {
        const { network } = await authoriseNetwork(deps.db, c.get('principal'), slugOf(c), 'example.curateTags');
        if (!(await setTagCurated(deps.db, network.id, c.req.valid('param').tagId, c.req.valid('json').curated)))
          fail(404, 'not_found');
        return c.json({ tags: await listExampleTags(deps.db, network.id) });
      },
    );
}
