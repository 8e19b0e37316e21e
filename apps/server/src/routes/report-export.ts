import { encodeReportState, reportDocumentName } from '@klankbord/domain';
import type { ReportLayout } from '@klankbord/editor';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorise, type Grant, mayInMeeting } from '../access/authorise.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail, UserError } from '../errors.ts';
import { rateLimiter } from '../middleware/rate-limit.ts';
import { renderGateOf } from '../render-gate.ts';
import { buildReportLayout, reportFileName } from '../report-layout.ts';
import { valid } from '../validate.ts';

const printParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });
const exportParam = z.object({
  id: z.coerce.number().int().positive('id.invalid'),
  format: z.enum(['md', 'html', 'docx', 'pdf'], 'format.invalid'),
});
/**
 * `names=1`: the presentielijst names the people too, not only their organisations (the secretariaat's choice).
 * `comments=1`: the Word file carries the verslag's comments, for a review round (whoever reads the draft).
 */
const layoutQuery = z.object({
  names: z.enum(['0', '1'], 'names.invalid').optional(),
  comments: z.enum(['0', '1'], 'comments.invalid').optional(),
});
/**
 * Renderings per person per minute: one without images takes about 100 ms of CPU, one with 16 MiB of them up to
 * seconds (Word), so one person cannot keep the server busy; render-gate.ts runs them a few at a time.
 */
export const REPORT_RENDERS_PER_MINUTE = 30;

/**
 * The renderers (docx, pdfkit with its fonts, the editor schema) take tens of megabytes once loaded; an idle
 * server needs none of them, so they load on the first rendering (their own chunk in the bundle, see build.mjs).
 */
const renderers = () => import('@klankbord/editor');

const contentTypes = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const;

/**
 * The layout of a granted report, from its stored document after every accepted edit has committed. Names and
 * comments come only to whoever may have them: 403 otherwise, rather than an export that silently lacks them.
 */
async function layoutOf(deps: Deps, grant: Grant, query: z.infer<typeof layoutQuery>): Promise<ReportLayout> {
  const [meeting, network] = [grant.meeting!, grant.network!];
  const names = query.names === '1';
  const comments = query.comments === '1';
  if (names && !mayInMeeting(grant.role, 'report.nameAttendees', meeting.status)) fail(403, 'names.forbidden');
  if (comments && !mayInMeeting(grant.role, 'report.view', meeting.status)) fail(403, 'comments.forbidden');
  const state = await deps.collab.change(reportDocumentName(network.slug, meeting.id), encodeReportState);
  const requesterId = grant.principal.user.id;
  return buildReportLayout(deps.db, { meeting, network, state, requesterId, names, comments, files: deps.files });
}

/**
 * GET /api/meetings/:id/report/export/:format — the verslag as Markdown, HTML, Word or PDF in the house style (see
 * ReportLayout), rendered on the server from the stored document, so it matches what is stored, not what one
 * browser shows. Always a download: the HTML is never shown inline on our origin. See layoutQuery for the options.
 */
export function reportExportRoutes(deps: Deps) {
  const perUser = rateLimiter(deps, 'export.user', REPORT_RENDERS_PER_MINUTE, 60_000);
  const gate = renderGateOf(deps);
  /**
   * Counts a rendering for the person (429 past the bound, checked after access so a stranger learns nothing)
   * and runs it in its turn: one person's one after another, a few at a time in all (render-gate.ts).
   */
  const rendering = async <T>(grant: Grant, work: () => Promise<T>): Promise<T> => {
    const key = String(grant.principal.user.id);
    const wait = await perUser.take(key);
    if (wait > 0) throw new UserError(429, 'export.rateLimited', undefined, { 'retry-after': String(wait) });
    return gate.run(key, work);
  };
  return new Hono<AppEnv>()
    .get('/meetings/:id/report/print', valid('param', printParam), valid('query', layoutQuery), async (c) => {
      // The print view of the text as stored now, draft or final: the browser makes the PDF from it.
      const address = { type: 'report', meetingId: c.req.valid('param').id } as const;
      const grant = await authorise(deps.db, c.get('principal'), address, 'read');
      const query = c.req.valid('query');
      const printed = await rendering(grant, async () => {
        const { reportToHtmlBody } = await renderers();
        const layout = await layoutOf(deps, grant, query);
        return { layout, html: reportToHtmlBody(layout) };
      });
      const meeting = grant.meeting!;
      const { status } = printed.layout;
      return c.json({
        network: { name: printed.layout.network },
        meeting: { id: meeting.id, title: meeting.title, date: meeting.first_date },
        // Final: who finalised it, when, and the final version's name; the page says "Definitief" then.
        finalised: status.final ? { at: status.at, byName: status.by } : null,
        version: status.final ? { name: status.version } : undefined,
        html: printed.html,
      });
    })
    .get('/meetings/:id/report/export/:format', valid('param', exportParam), valid('query', layoutQuery), async (c) => {
      const { id, format } = c.req.valid('param');
      const grant = await authorise(deps.db, c.get('principal'), { type: 'report', meetingId: id }, 'read');
      const query = c.req.valid('query');
      const body = await rendering(grant, async () => {
        const { reportToDocx, reportToPdf, reportToMarkdown, reportToHtml } = await renderers();
        const layout = await layoutOf(deps, grant, query);
        if (format === 'docx') return new Uint8Array(await reportToDocx(layout));
        if (format === 'pdf') return new Uint8Array(await reportToPdf(layout));
        return format === 'md' ? reportToMarkdown(layout) : reportToHtml(layout);
      });
      const headers = {
        'content-type': contentTypes[format],
        'content-disposition': reportFileName(grant.meeting!.title, grant.meeting!.first_date, format),
        'x-content-type-options': 'nosniff',
      };
      return c.body(body, 200, headers);
    });
}
