import { encodeReportState, reportDocumentName } from '@klankbord/domain';
import {
  type ReportLayout,
  reportToDocx,
  reportToHtml,
  reportToHtmlBody,
  reportToMarkdown,
  reportToPdf,
} from '@klankbord/editor';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorise, type Grant } from '../access/authorise.ts';
import type { AppEnv, Deps } from '../env.ts';
import { buildReportLayout, reportFileName } from '../report-layout.ts';
import { valid } from '../validate.ts';

const printParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });
const exportParam = z.object({
  id: z.coerce.number().int().positive('id.invalid'),
  format: z.enum(['md', 'html', 'docx', 'pdf'], 'format.invalid'),
});
/** `names=1`: the presentielijst names the people too, not only their organisations. */
const layoutQuery = z.object({ names: z.enum(['0', '1'], 'names.invalid').optional() });

const contentTypes = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const;

/** The layout of a granted report, from its stored document after every accepted edit has committed. */
async function layoutOf(deps: Deps, grant: Grant, names: boolean): Promise<ReportLayout> {
  const [meeting, network] = [grant.meeting!, grant.network!];
  const state = await deps.collab.change(reportDocumentName(network.slug, meeting.id), encodeReportState);
  return buildReportLayout(deps.db, { meeting, network, state, requesterId: grant.principal.user.id, names });
}

/**
 * GET /api/meetings/:id/report/export/:format — the verslag as Markdown, HTML, Word or PDF in the house style (see
 * ReportLayout), rendered on the server from the stored document, so it matches what is stored, not what one
 * browser shows. Always a download: the HTML is never shown inline on our origin. `?names=1` names the people in
 * the presentielijst.
 */
export function reportExportRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/meetings/:id/report/print', valid('param', printParam), valid('query', layoutQuery), async (c) => {
      // The print view of the text as stored now, draft or final: the browser makes the PDF from it.
      const address = { type: 'report', meetingId: c.req.valid('param').id } as const;
      const grant = await authorise(deps.db, c.get('principal'), address, 'read');
      const layout = await layoutOf(deps, grant, c.req.valid('query').names === '1');
      const meeting = grant.meeting!;
      const { status } = layout;
      return c.json({
        network: { name: layout.network },
        meeting: { id: meeting.id, title: meeting.title, date: meeting.first_date },
        // Final: who finalised it, when, and the final version's name; the page says "Definitief" then.
        finalised: status.final ? { at: status.at, byName: status.by } : null,
        version: status.final ? { name: status.version } : undefined,
        html: reportToHtmlBody(layout),
      });
    })
    .get('/meetings/:id/report/export/:format', valid('param', exportParam), valid('query', layoutQuery), async (c) => {
      const { id, format } = c.req.valid('param');
      const grant = await authorise(deps.db, c.get('principal'), { type: 'report', meetingId: id }, 'read');
      const layout = await layoutOf(deps, grant, c.req.valid('query').names === '1');
      const headers = {
        'content-type': contentTypes[format],
        'content-disposition': reportFileName(grant.meeting!.title, grant.meeting!.first_date, format),
        'x-content-type-options': 'nosniff',
      };
      if (format === 'docx') return c.body(new Uint8Array(await reportToDocx(layout)), 200, headers);
      if (format === 'pdf') return c.body(new Uint8Array(await reportToPdf(layout)), 200, headers);
      return c.body(format === 'md' ? reportToMarkdown(layout) : reportToHtml(layout), 200, headers);
    });
}
