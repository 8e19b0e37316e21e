import {
  type Afspraak,
  type AfspraakFields,
  createAfspraak,
  findReport,
  findReportVersion,
  isNetworkOrganisation,
  listMeetingAfspraken,
  listNetworkAfspraken,
  updateAfspraak,
} from '@klankbord/db';
import {
  type Address,
  afspraakChange,
  afspraakInput,
  afspraakStatuses,
  anchorResolves,
  isAfspraakOverdue,
  type Need,
  reportDocumentName,
  todayInNetherlands,
} from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorise, authoriseMeeting, authoriseNetwork, decideAccess } from '../access/authorise.ts';
import { meetingInStatus, roleIn } from '../access/facts.ts';
import { audit } from '../audit.ts';
import type { AppEnv, Deps, Principal } from '../env.ts';
import { fail } from '../errors.ts';
import { notifyAfspraakAssigned } from '../notifications/producers.ts';
import { valid } from '../validate.ts';

const idParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });
const listQuery = z.object({ status: z.enum([...afspraakStatuses, 'all'], 'status.invalid').default('open') });

/**
 * An afspraak as lists show it. Its quote is words of the verslag: only for a reader who may read that
 * verslag (its draft, or its published final version); the anchor only where they may see the draft.
 */
function afspraakJson(afspraak: Afspraak, today: string, readsQuote: boolean) {
  const { anchor: _anchor, networkId: _network, quote, ...shown } = afspraak;
  return {
    ...shown,
    quote: readsQuote ? quote : null,
    meeting: { id: afspraak.meeting.id, title: afspraak.meeting.title, date: afspraak.meeting.date },
    overdue: isAfspraakOverdue(afspraak, today),
  };
}

function withAnchor(afspraak: Afspraak, today: string) {
  return { ...afspraakJson(afspraak, today, true), anchor: afspraak.anchor };
}

/**
 * Afspraken (actions): marked on a passage of a meeting's verslag, followed up across the network's meetings.
 * Mounted at /api; paths start at /meetings/:id, /networks/:slug and /afspraken/:id.
 */
export function afspraakRoutes(deps: Deps) {
  /** Refuses an owner who is not a member of the network, or an organisation that is not one of its own. */
  const checkOwner = async (
    networkId: number,
    owner: { ownerUserId: number | null; ownerOrganisationId: number | null },
  ) => {
    const valid =
      (owner.ownerUserId === null || (await roleIn(deps.db, networkId, owner.ownerUserId)) !== null) &&
      (owner.ownerOrganisationId === null ||
        (await isNetworkOrganisation(deps.db, networkId, owner.ownerOrganisationId)));
    if (!valid) fail(400, 'invalid_input', { owner: 'owner.invalid' });
  };

  /** Tells the members who may see the afspraak's meeting that it changed; they reload what they show. */
  const publish = (afspraak: Afspraak) =>
    deps.live.publish(
      afspraak.networkId,
      { type: 'afspraak.changed', meetingId: afspraak.meeting.id, afspraakId: afspraak.id },
      { type: 'meeting', need: 'meeting.view', facts: { meeting: meetingInStatus(afspraak.meeting.status) } },
    );

  /**
   * Who may change an afspraak: whoever may update afspraken in the network; the member it is for may only
   * mark it done or open again. Those who may not see its meeting do not learn it exists.
   */
  const authoriseChange = async (principal: Principal | null, id: number, fields: string[]) => {
    const need = fields.every((field) => field === 'status') ? 'updateStatus' : 'update';
    return (await authorise(deps.db, principal, { type: 'afspraak', afspraakId: id }, need)).afspraak!;
  };

  /**
   * Per meeting, once: may the caller see it, and which afspraken's quotes may they read? Whoever reads the draft
   * verslag reads every quote; whoever reads only its published final version reads the quotes of afspraken made
   * before that version, not those marked on text written after a reopening.
   */
  const readerOf = (principal: Principal) => {
    const answers = new Map<number, Promise<{ sees: boolean; readsQuote: (afspraak: Afspraak) => boolean }>>();
    const allowed = async (address: Address, need: Need) =>
      (await decideAccess(deps.db, principal, address, need as never)).decision === 'allow';
    const finalVersionAt = async (meetingId: number) => {
      const report = await findReport(deps.db, meetingId);
      const version =
        report?.final_version_id == null
          ? undefined
          : await findReportVersion(deps.db, meetingId, report.final_version_id);
      return version?.createdAt ?? Number.NEGATIVE_INFINITY;
    };
    return (meetingId: number) => {
      let answer = answers.get(meetingId);
      if (!answer) {
        answer = (async () => {
          const sees = await allowed({ type: 'meeting', meetingId }, 'meeting.view');
          if (await allowed({ type: 'report', meetingId }, 'read')) return { sees, readsQuote: () => true };
          if (!(await allowed({ type: 'report', meetingId }, 'readFinal'))) return { sees, readsQuote: () => false };
          const publishedAt = await finalVersionAt(meetingId);
          return { sees, readsQuote: (afspraak: Afspraak) => afspraak.createdAt <= publishedAt };
        })();
        answers.set(meetingId, answer);
      }
      return answer;
    };
  };

  return new Hono<AppEnv>()
    .post('/meetings/:id/afspraken', valid('param', idParam), valid('json', afspraakInput), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'afspraak.create');
      const { meeting, network, principal } = access;
      const input = c.req.valid('json');
      await checkOwner(network.id, input);
      // Checked and anchored in one step with every other change to the verslag (finalising among them).
      const afspraak = await deps.reportSteps.run(meeting.id, async () => {
        if ((await findReport(deps.db, meeting.id))?.finalised_at) fail(409, 'report.finalised');
        const resolves = await deps.collab.change(reportDocumentName(network.slug, meeting.id), (doc) =>
          anchorResolves(doc, input.anchor),
        );
        if (!resolves) fail(400, 'invalid_input', { anchor: 'anchor.invalid' });
        return createAfspraak(deps.db, {
          networkId: network.id,
          meetingId: meeting.id,
          anchor: input.anchor,
          quote: input.quote,
          description: input.description,
          ownerUserId: input.ownerUserId,
          ownerOrganisationId: input.ownerOrganisationId,
          dueDate: input.dueDate,
          createdBy: principal.user.id,
        });
      });
      await audit(deps, c, {
        networkId: network.id,
        event: 'afspraak.created',
        subject: String(afspraak.id),
        detail: {
          meetingId: meeting.id,
          description: afspraak.description,
          ownerUserId: input.ownerUserId,
          ownerOrganisationId: input.ownerOrganisationId,
          dueDate: afspraak.dueDate,
        },
      });
      publish(afspraak);
      await notifyAfspraakAssigned(deps, afspraak, principal.user.id);
      return c.json({ afspraak: withAnchor(afspraak, todayInNetherlands()) }, 201);
    })
    .get('/meetings/:id/afspraken', valid('param', idParam), async (c) => {
      const { meeting } = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.view');
      const today = todayInNetherlands();
      const afspraken = await listMeetingAfspraken(deps.db, meeting.id);
      return c.json({ afspraken: afspraken.map((afspraak) => withAnchor(afspraak, today)) });
    })
    .get('/networks/:slug/afspraken', valid('query', listQuery), async (c) => {
      const { network, principal } = await authoriseNetwork(
        deps.db,
        c.get('principal'),
        c.req.param('slug'),
        'afspraak.list',
      );
      const today = todayInNetherlands();
      const reader = readerOf(principal);
      const shown = [];
      for (const afspraak of await listNetworkAfspraken(deps.db, network.id, c.req.valid('query').status)) {
        const { sees, readsQuote } = await reader(afspraak.meeting.id);
        if (sees) shown.push(afspraakJson(afspraak, today, readsQuote(afspraak)));
      }
      return c.json({ afspraken: shown });
    })
    .patch('/afspraken/:id', valid('param', idParam), valid('json', afspraakChange), async (c) => {
      const input = c.req.valid('json');
      const fields = Object.keys(input).filter((key) => input[key as keyof typeof input] !== undefined);
      const before = await authoriseChange(c.get('principal'), c.req.valid('param').id, fields);
      const changes: Partial<AfspraakFields> = {};
      if (input.description !== undefined) changes.description = input.description;
      if (input.dueDate !== undefined) changes.dueDate = input.dueDate;
      if (input.status !== undefined && input.status !== before.status) changes.status = input.status;
      // The owner is replaced as a whole: naming a member clears the organisation, and the other way round.
      if (input.ownerUserId !== undefined || input.ownerOrganisationId !== undefined) {
        changes.ownerUserId = input.ownerUserId ?? null;
        changes.ownerOrganisationId = input.ownerOrganisationId ?? null;
        await checkOwner(before.networkId, {
          ownerUserId: changes.ownerUserId,
          ownerOrganisationId: changes.ownerOrganisationId,
        });
      }
      const principal = c.get('principal') as Principal;
      const afspraak = (await updateAfspraak(deps.db, before.id, changes, principal.user.id)) as Afspraak;
      const { readsQuote } = await readerOf(principal)(afspraak.meeting.id);
      await audit(deps, c, {
        networkId: afspraak.networkId,
        event: 'afspraak.updated',
        subject: String(afspraak.id),
        detail: { meetingId: afspraak.meeting.id, ...changes },
      });
      publish(afspraak);
      if (changes.ownerUserId) await notifyAfspraakAssigned(deps, afspraak, principal.user.id);
      return c.json({ afspraak: afspraakJson(afspraak, todayInNetherlands(), readsQuote(afspraak)) });
    });
}
