import {
  countReportComments,
  createReportComment,
  findReportComment,
  findThread,
  isReportFinalised,
  listMessages,
  listReportComments,
  type ReportComment,
  setReportCommentResolved,
} from '@klankbord/db';
import { anchorResolves, COMMENTS_PER_AUTHOR_MAX, commentInput, reportDocumentName } from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import { authoriseMeeting, type MeetingAccess, mayInMeeting } from '../access/authorise.ts';
import { meetingInStatus } from '../access/facts.ts';
import type { AppEnv, Deps, Principal } from '../env.ts';
import { fail } from '../errors.ts';
import { indexMessage } from '../search-index.ts';
import { valid } from '../validate.ts';

const idParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });

/** A comment as the API returns it. */
function commentJson(comment: ReportComment) {
  const { meetingId: _meetingId, ...json } = comment;
  return json;
}

type CommentEvent = 'comment.created' | 'comment.resolved' | 'comment.reopened';

/**
 * Comments on a meeting's verslag: anchored to a range of its text, each with a discussion thread (subject
 * `comment:<id>`) whose first message is the comment's text and whose further messages are its replies — those
 * are posted through /api/threads. Whoever may read the draft reads the comments; whoever may comment adds,
 * resolves and re-opens them; one person places at most COMMENTS_PER_AUTHOR_MAX on a verslag. Mounted at /api.
 */
export function reportCommentRoutes(deps: Deps) {
  /** Tells whoever may read the draft verslag, so their list follows without reloading. */
  const publish = ({ network, meeting }: MeetingAccess, type: CommentEvent, comment: ReportComment) =>
    deps.live.publish(
      network.id,
      { type, meetingId: meeting.id, comment: commentJson(comment) },
      { type: 'report', need: 'read', facts: { meeting: meetingInStatus(meeting.status) } },
    );

  /** A comment and the caller's right to comment on its verslag; 404 when it is out of the caller's sight. */
  const authoriseComment = async (principal: Principal | null, id: number) => {
    const comment = await findReportComment(deps.db, id);
    if (!comment) fail(404, 'not_found');
    const access = await authoriseMeeting(deps.db, principal, comment.meetingId, 'report.view');
    if (!mayInMeeting(access.role, 'report.comment', access.meeting.status)) fail(403, 'forbidden');
    return { comment, access };
  };

  /** Resolves or re-opens a comment: 409 when it already is what was asked. */
  const setResolved = async (principal: Principal | null, id: number, resolved: boolean) => {
    const { comment, access } = await authoriseComment(principal, id);
    const changed = await setReportCommentResolved(deps.db, comment.id, resolved ? access.principal.user.id : null);
    if (!changed) fail(409, resolved ? 'comment.alreadyResolved' : 'comment.notResolved');
    const updated = (await findReportComment(deps.db, comment.id))!;
    publish(access, resolved ? 'comment.resolved' : 'comment.reopened', updated);
    return updated;
  };

  return new Hono<AppEnv>()
    .get('/meetings/:id/report/comments', valid('param', idParam), async (c) => {
      const { meeting } = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.view');
      return c.json({ comments: (await listReportComments(deps.db, meeting.id)).map(commentJson) });
    })
    .post('/meetings/:id/report/comments', valid('param', idParam), valid('json', commentInput), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.comment');
      const { meeting, network, principal } = access;
      const { anchor, quote, body } = c.req.valid('json');
      // Checked and stored in one step with every other change to the verslag, so that two comments of one
      // author sent at once cannot both pass the cap.
      const comment = await deps.reportSteps.run(meeting.id, async () => {
        // A finalised verslag is settled: its open comments may still be answered and resolved, but no new ones.
        if (await isReportFinalised(deps.db, meeting.id)) fail(409, 'report.finalised');
        if ((await countReportComments(deps.db, meeting.id, principal.user.id)) >= COMMENTS_PER_AUTHOR_MAX) {
          fail(429, 'comment.tooMany');
        }
        const document = reportDocumentName(network.slug, meeting.id);
        if (!(await deps.collab.change(document, (doc) => anchorResolves(doc, anchor)))) {
          fail(400, 'invalid_input', { anchor: 'anchor.invalid' });
        }
        return createReportComment(deps.db, {
          networkId: network.id,
          meetingId: meeting.id,
          anchor,
          quote,
          body,
          authorId: principal.user.id,
        });
      });
      // The comment's words are the first message of its thread: searchable like every message.
      const thread = comment.threadId === null ? undefined : await findThread(deps.db, comment.threadId);
      const [first] = thread ? await listMessages(deps.db, thread.id, { limit: 1 }) : [];
      if (thread && first) await indexMessage(deps.db, thread, first);
      publish(access, 'comment.created', comment);
      return c.json({ comment: commentJson(comment) }, 201);
    })
    .post('/report-comments/:id/resolve', valid('param', idParam), async (c) => {
      const comment = await setResolved(c.get('principal'), c.req.valid('param').id, true);
      return c.json({ comment: commentJson(comment) });
    })
    .post('/report-comments/:id/reopen', valid('param', idParam), async (c) => {
      const comment = await setResolved(c.get('principal'), c.req.valid('param').id, false);
      return c.json({ comment: commentJson(comment) });
    });
}
