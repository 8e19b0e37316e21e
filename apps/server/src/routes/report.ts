import {
  createReportVersion,
  findReport,
  findReportVersion,
  hasOpenReportSuggestions,
  listProgrammeItems,
  listReportVersions,
  listSessions,
  listStatements,
  listThemes,
  markReportFinalised,
  type Report,
  type ReportVersion,
  reopenReport,
  setFinalReportVersion,
  tallyStatements,
} from '@klankbord/db';
import {
  copyItemDescription,
  copyRichText,
  diffText,
  encodeReportState,
  programmeDocumentName,
  replaceReportContent,
  reportDocumentName,
  reportFinaliseInput,
  reportStateText,
  reportVersionInput,
  type ScaffoldInput,
  type ScaffoldItem,
  scaffoldedItems,
  scaffoldReport,
  sessionNotesDocumentName,
  sessionNotesFragment,
} from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import { authoriseMeeting, type MeetingAccess } from '../access/authorise.ts';
import { revoke } from '../access/revoke.ts';
import { audit } from '../audit.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { cityTallies } from '../statement-tallies.ts';
import { valid } from '../validate.ts';

const meetingParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });
const versionParam = meetingParam.extend({ vid: z.coerce.number().int().positive('version.invalid') });
const diffQuery = z.object({
  from: z.coerce.number().int().positive('version.invalid'),
  to: z.coerce.number().int().positive('version.invalid'),
});

/** The finalisation of a report as the API returns it; null while it is open. */
function finalisedJson(report: Report | undefined) {
  return report?.finalised_at
    ? { at: report.finalised_at, by: report.finalised_by, versionId: report.final_version_id }
    : null;
}

/** A version as lists show it. */
function versionJson(version: Pick<ReportVersion, 'id' | 'name' | 'createdBy' | 'createdAt'>) {
  return { id: version.id, name: version.name, createdBy: version.createdBy, createdAt: version.createdAt };
}

/**
 * The verslag of a meeting: its finalisation and its named versions. The text itself is the Yjs document
 * `report:<slug>:<meeting id>`, edited over /collab; the server changes it only through CollabServer.change,
 * so a restore is stored and broadcast like any client's edit. Mounted at /api; paths start at /meetings/:id.
 */
export function reportRoutes(deps: Deps) {
  const documentOf = ({ network, meeting }: MeetingAccess) => reportDocumentName(network.slug, meeting.id);
  /** The report's state as stored now: every update accepted so far has committed when this resolves. */
  const storedState = (access: MeetingAccess) => deps.collab.change(documentOf(access), encodeReportState);
  const refuseWhenFinal = async (meetingId: number) => {
    if ((await findReport(deps.db, meetingId))?.finalised_at) fail(409, 'report.finalised');
  };
  /** Writers and readers of the verslag reconnect and are authorised afresh (after finalising or reopening). */
  const reauthorise = (access: MeetingAccess, reason: string) =>
    revoke(deps, { documents: new Set([documentOf(access)]) }, 'reauthorise', reason);
  const versionOf = async (meetingId: number, versionId: number, field = 'vid') => {
    const version = await findReportVersion(deps.db, meetingId, versionId);
    if (!version) fail(404, 'not_found', { [field]: 'version.unknown' });
    return version;
  };

  /**
   * What a scaffold writes: the chosen themes, the programme as projected and the stellingen with their tallies.
   * Only the items without a section yet (not in `done`) have their description and session notes read.
   */
  const scaffoldInputOf = async ({ network, meeting }: MeetingAccess, done: Set<string>): Promise<ScaffoldInput> => {
    const [items, sessions, themes, statements] = await Promise.all([
      listProgrammeItems(deps.db, meeting.id),
      listSessions(deps.db, meeting.id),
      listThemes(deps.db, meeting.id),
      listStatements(deps.db, meeting.id),
    ]);
    const pending = items.filter((item) => !done.has(item.id));
    const descriptions = await deps.collab.change(
      programmeDocumentName(network.slug, meeting.id),
      (doc) => new Map(pending.map((item) => [item.id, copyItemDescription(doc, item.id)])),
    );
    const sections: ScaffoldItem[] = [];
    for (const item of items) {
      const itemSessions = done.has(item.id) ? [] : sessions.filter((session) => session.itemId === item.id);
      sections.push({
        itemId: item.id,
        kind: item.kind,
        title: item.title,
        start: item.start,
        end: item.end,
        speakers: item.speakers,
        description: descriptions.get(item.id) ?? [],
        sessions: await Promise.all(
          itemSessions.map(async (session) => ({
            topic: session.topic,
            facilitator: session.facilitator,
            rapporteur: session.rapporteur,
            notes: await deps.collab.change(sessionNotesDocumentName(network.slug, session.id), (doc) =>
              copyRichText(sessionNotesFragment(doc)),
            ),
          })),
        ),
      });
    }
    const tallies = await tallyStatements(
      deps.db,
      statements.map((statement) => statement.id),
    );
    const cities = await cityTallies(
      deps.db,
      statements.map((statement) => statement.id),
    );
    return {
      themes: themes.filter((theme) => theme.chosen).map(({ title, why }) => ({ title, why })),
      items: sections,
      statements: statements.map((statement) => {
        const perCity = cities.get(statement.id);
        return {
          text: statement.text,
          tally: tallies.get(statement.id) ?? { agree: 0, neutral: 0, disagree: 0 },
          ...(perCity ? { cities: perCity } : {}),
        };
      }),
    };
  };

  return new Hono<AppEnv>()
    .get('/meetings/:id/report', valid('param', meetingParam), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.view');
      return c.json({
        document: documentOf(access),
        finalised: finalisedJson(await findReport(deps.db, access.meeting.id)),
      });
    })
    .post(
      '/meetings/:id/report/finalise',
      valid('param', meetingParam),
      valid('json', reportFinaliseInput),
      async (c) => {
        const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.finalise');
        const { meeting, network, principal } = access;
        // One step with every other change to this verslag: the final version is what was stored, always.
        const { version } = await deps.reportSteps.run(meeting.id, async () => {
          // The final version holds no open suggestion: each is accepted into the text or rejected first.
          if (await hasOpenReportSuggestions(deps.db, meeting.id)) fail(409, 'report.openSuggestions');
          // Final first, then the sockets: a writer that reconnects is authorised afresh, and read-only.
          if (!(await markReportFinalised(deps.db, meeting.id, principal.user.id))) fail(409, 'report.finalised');
          reauthorise(access, 'report finalised');
          let version: Awaited<ReturnType<typeof createReportVersion>>;
          try {
            // Taken after the writers were closed, once what they sent before has committed.
            const state = await storedState(access);
            version = await createReportVersion(deps.db, {
              meetingId: meeting.id,
              name: c.req.valid('json').name,
              state,
              createdBy: principal.user.id,
            });
            await setFinalReportVersion(deps.db, meeting.id, version.id);
          } catch (error) {
            // A final report always has its final version: without one, it is not final.
            await reopenReport(deps.db, meeting.id, principal.user.id);
            reauthorise(access, 'finalising failed');
            throw error;
          }
          return { version };
        });
        await audit(deps, c, {
          networkId: network.id,
          event: 'report.finalised',
          subject: String(meeting.id),
          detail: { versionId: version.id, name: version.name },
        });
        return c.json({
          finalised: finalisedJson(await findReport(deps.db, meeting.id)),
          version: versionJson(version),
        });
      },
    )
    .post('/meetings/:id/report/reopen', valid('param', meetingParam), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.reopen');
      const { meeting, network, principal } = access;
      await deps.reportSteps.run(meeting.id, async () => {
        if (!(await reopenReport(deps.db, meeting.id, principal.user.id))) fail(409, 'report.notFinalised');
        // Readers reconnect and may write again if their role allows it.
        reauthorise(access, 'report reopened');
      });
      await audit(deps, c, { networkId: network.id, event: 'report.reopened', subject: String(meeting.id) });
      return c.json({ finalised: null });
    })
    .get('/meetings/:id/report/versions', valid('param', meetingParam), async (c) => {
      const { meeting } = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.view');
      return c.json({ versions: (await listReportVersions(deps.db, meeting.id)).map(versionJson) });
    })
    .post(
      '/meetings/:id/report/versions',
      valid('param', meetingParam),
      valid('json', reportVersionInput),
      async (c) => {
        const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.edit');
        const version = await deps.reportSteps.run(access.meeting.id, async () => {
          await refuseWhenFinal(access.meeting.id);
          return createReportVersion(deps.db, {
            meetingId: access.meeting.id,
            name: c.req.valid('json').name,
            state: await storedState(access),
            createdBy: access.principal.user.id,
          });
        });
        return c.json({ version: versionJson(version) }, 201);
      },
    )
    .get('/meetings/:id/report/versions/diff', valid('param', meetingParam), valid('query', diffQuery), async (c) => {
      const { meeting } = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.view');
      const { from, to } = c.req.valid('query');
      const [before, after] = [await versionOf(meeting.id, from, 'from'), await versionOf(meeting.id, to, 'to')];
      return c.json({
        from: versionJson(before),
        to: versionJson(after),
        paragraphs: diffText(reportStateText(before.state), reportStateText(after.state)),
      });
    })
    .get('/meetings/:id/report/versions/:vid/text', valid('param', versionParam), async (c) => {
      const { id, vid } = c.req.valid('param');
      const { meeting } = await authoriseMeeting(deps.db, c.get('principal'), id, 'report.view');
      const version = await versionOf(meeting.id, vid);
      return c.json({ version: versionJson(version), text: reportStateText(version.state) });
    })
    .post('/meetings/:id/report/versions/:vid/restore', valid('param', versionParam), async (c) => {
      const { id, vid } = c.req.valid('param');
      const access = await authoriseMeeting(deps.db, c.get('principal'), id, 'report.edit');
      const version = await versionOf(access.meeting.id, vid);
      await deps.reportSteps.run(access.meeting.id, async () => {
        await refuseWhenFinal(access.meeting.id);
        // A new change on top of the current text, stored and sent to every editor; no version is removed.
        await deps.collab.change(documentOf(access), (doc) => replaceReportContent(doc, version.state));
      });
      await audit(deps, c, {
        networkId: access.network.id,
        event: 'report.versionRestored',
        subject: String(access.meeting.id),
        detail: { versionId: version.id, name: version.name },
      });
      return c.json({ restored: versionJson(version), text: reportStateText(version.state) });
    })
    .post('/meetings/:id/report/scaffold', valid('param', meetingParam), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.edit');
      const { meeting } = access;
      const added = await deps.reportSteps.run(meeting.id, async () => {
        await refuseWhenFinal(meeting.id);
        const name = documentOf(access);
        const input = await scaffoldInputOf(access, await deps.collab.change(name, scaffoldedItems));
        // scaffoldReport checks its index again inside the change: a scaffold that ran meanwhile is not repeated.
        return deps.collab.change(name, (doc) => scaffoldReport(doc, input));
      });
      return c.json({ added });
    });
}
