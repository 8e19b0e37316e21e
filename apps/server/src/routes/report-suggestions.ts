import {
  countOpenReportSuggestions,
  createReportSuggestion,
  decideReportSuggestion,
  findReportSuggestion,
  isReportFinalised,
  listReportSuggestions,
  type ReportSuggestion,
} from '@klankbord/db';
import {
  anchorResolves,
  applySuggestion,
  reportDocumentName,
  SUGGESTION_OPEN_PER_AUTHOR_MAX,
  suggestionInput,
  suggestionRange,
} from '@klankbord/domain';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { authoriseMeeting, type MeetingAccess } from '../access/authorise.ts';
import { meetingInStatus } from '../access/facts.ts';
import { audit } from '../audit.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { valid } from '../validate.ts';

const idParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });

/** A suggestion as the API returns it. */
function suggestionJson(suggestion: ReportSuggestion) {
  const { meetingId: _meetingId, ...json } = suggestion;
  return json;
}

type SuggestionEvent = 'suggestion.created' | 'suggestion.decided';
type Decision = 'accepted' | 'rejected';

/**
 * Suggestions on a meeting's verslag (tracked changes): a proposed replacement of an anchored passage, kept
 * beside the text until the secretariaat decides. Whoever may comment proposes; only whoever may decide
 * (report.decideSuggestion) accepts — the server writes the replacement into the Yjs document, stored and sent
 * to every editor like any edit — or rejects. One person has at most SUGGESTION_OPEN_PER_AUTHOR_MAX open on a
 * verslag. Mounted at /api.
 */
export function reportSuggestionRoutes(deps: Deps) {
  const documentOf = ({ network, meeting }: MeetingAccess) => reportDocumentName(network.slug, meeting.id);

  /** Tells whoever may read the draft verslag, so their list follows without reloading. */
  const publish = ({ network, meeting }: MeetingAccess, type: SuggestionEvent, suggestion: ReportSuggestion) =>
    deps.live.publish(
      network.id,
      { type, meetingId: meeting.id, suggestion: suggestionJson(suggestion) },
      { type: 'report', need: 'read', facts: { meeting: meetingInStatus(meeting.status) } },
    );

  /**
   * Accepts or rejects one open suggestion, inside the verslag's step (serialised with finalising and every other
   * server change to it), so "not final" and "still open" hold while the text changes. A suggestion that no longer
   * applies is not decided and stays open: the refusal is returned, so that the "all" actions can skip it.
   */
  const decide = async (
    access: MeetingAccess,
    suggestion: ReportSuggestion,
    decision: Decision,
  ): Promise<ReportSuggestion | 'stale' | 'spansBlocks'> => {
    if (suggestion.status !== 'open') fail(409, 'suggestion.decided');
    if (decision === 'accepted') {
      const applied = await deps.collab.change(documentOf(access), (doc) => applySuggestion(doc, suggestion));
      if (applied !== 'applied') return applied;
    }
    if (!(await decideReportSuggestion(deps.db, suggestion.id, { status: decision, by: access.principal.user.id }))) {
      fail(409, 'suggestion.decided');
    }
    return (await findReportSuggestion(deps.db, suggestion.id))!;
  };

  const recordDecision = (c: Context<AppEnv>, access: MeetingAccess, suggestion: ReportSuggestion) =>
    audit(deps, c, {
      networkId: access.network.id,
      event: suggestion.status === 'accepted' ? 'report.suggestionAccepted' : 'report.suggestionRejected',
      subject: String(access.meeting.id),
      detail: { suggestionId: suggestion.id, authorId: suggestion.author?.id ?? null },
    });

  /** One suggestion decided by its id; 404 when it is out of the caller's sight. */
  const decideOne = async (c: Context<AppEnv>, id: number, decision: Decision) => {
    const found = await findReportSuggestion(deps.db, id);
    if (!found) fail(404, 'not_found');
    const access = await authoriseMeeting(deps.db, c.get('principal'), found.meetingId, 'report.decideSuggestion');
    const decided = await deps.reportSteps.run(access.meeting.id, async () => {
      if (await isReportFinalised(deps.db, access.meeting.id)) fail(409, 'report.finalised');
      const current = (await findReportSuggestion(deps.db, id))!;
      const result = await decide(access, current, decision);
      if (typeof result === 'string') fail(409, `suggestion.${result}`);
      return result;
    });
    await recordDecision(c, access, decided);
    publish(access, 'suggestion.decided', decided);
    return c.json({ suggestion: suggestionJson(decided) });
  };

  /** Every open suggestion of a meeting decided, oldest first; those that no longer apply stay open. */
  const decideAll = async (c: Context<AppEnv>, meetingId: number, decision: Decision) => {
    const access = await authoriseMeeting(deps.db, c.get('principal'), meetingId, 'report.decideSuggestion');
    const { decided, skipped } = await deps.reportSteps.run(access.meeting.id, async () => {
      if (await isReportFinalised(deps.db, access.meeting.id)) fail(409, 'report.finalised');
      const decided: ReportSuggestion[] = [];
      const skipped: { id: number; reason: string }[] = [];
      for (const suggestion of await listReportSuggestions(deps.db, access.meeting.id, { open: true })) {
        const result = await decide(access, suggestion, decision);
        if (typeof result === 'string') skipped.push({ id: suggestion.id, reason: `suggestion.${result}` });
        else decided.push(result);
      }
      return { decided, skipped };
    });
    for (const suggestion of decided) {
      await recordDecision(c, access, suggestion);
      publish(access, 'suggestion.decided', suggestion);
    }
    return c.json({ suggestions: decided.map(suggestionJson), skipped });
  };

  return new Hono<AppEnv>()
    .get('/meetings/:id/report/suggestions', valid('param', idParam), async (c) => {
      const { meeting } = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.view');
      return c.json({ suggestions: (await listReportSuggestions(deps.db, meeting.id)).map(suggestionJson) });
    })
    .post('/meetings/:id/report/suggestions', valid('param', idParam), valid('json', suggestionInput), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.comment');
      const { meeting, principal } = access;
      const input = c.req.valid('json');
      // Checked and stored in one step with every other change to the verslag: finalising cannot slip in between
      // (a final verslag holds no open suggestion), nor can a second proposal of the same author pass the cap.
      const suggestion = await deps.reportSteps.run(meeting.id, async () => {
        // A finalised verslag is settled: it takes no new suggestion.
        if (await isReportFinalised(deps.db, meeting.id)) fail(409, 'report.finalised');
        const open = await countOpenReportSuggestions(deps.db, meeting.id, principal.user.id);
        if (open >= SUGGESTION_OPEN_PER_AUTHOR_MAX) fail(429, 'suggestion.tooMany');
        const where = await deps.collab.change(documentOf(access), (doc) =>
          anchorResolves(doc, input.anchor) ? suggestionRange(doc, input) : 'invalid',
        );
        if (where === 'invalid') fail(400, 'invalid_input', { anchor: 'anchor.invalid' });
        // Told now rather than when the secretariaat tries to accept it.
        if (typeof where === 'string') fail(409, `suggestion.${where}`);
        return createReportSuggestion(deps.db, {
          meetingId: meeting.id,
          anchor: input.anchor,
          quote: input.quote,
          replacement: input.replacement,
          authorId: principal.user.id,
        });
      });
      publish(access, 'suggestion.created', suggestion);
      return c.json({ suggestion: suggestionJson(suggestion) }, 201);
    })
    .post('/meetings/:id/report/suggestions/accept-all', valid('param', idParam), (c) =>
      decideAll(c, c.req.valid('param').id, 'accepted'),
    )
    .post('/meetings/:id/report/suggestions/reject-all', valid('param', idParam), (c) =>
      decideAll(c, c.req.valid('param').id, 'rejected'),
    )
    .post('/report-suggestions/:id/accept', valid('param', idParam), (c) =>
      decideOne(c, c.req.valid('param').id, 'accepted'),
    )
    .post('/report-suggestions/:id/reject', valid('param', idParam), (c) =>
      decideOne(c, c.req.valid('param').id, 'rejected'),
    );
}
