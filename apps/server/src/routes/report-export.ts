import { findReport } from '@klankbord/db';
import { encodeReportState, reportDocumentName } from '@klankbord/domain';
import { toDocx, toHtml, toHtmlBody, toMarkdown } from '@klankbord/editor';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorise } from '../access/authorise.ts';
import type { AppEnv, Deps } from '../env.ts';
import { reportContent } from '../report-content.ts';
import { valid } from '../validate.ts';

const printParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });
const exportParam = z.object({
  id: z.coerce.number().int().positive('id.invalid'),
  format: z.enum(['md', 'html', 'docx'], 'format.invalid'),
});

const contentTypes = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/**
 * GET /api/meetings/:id/report/export/:format — the verslag as Markdown, HTML or Word, rendered on the server
 * from the stored document (after every accepted edit has committed), so it matches what is stored, not what
 * one browser shows. Always a download: the HTML is never shown inline on our origin.
 */
export function reportExportRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/meetings/:id/report/print', valid('param', printParam), async (c) => {
      // The print view of the text as stored now, draft or final: the browser makes the PDF from it.
      const address = { type: 'report', meetingId: c.req.valid('param').id } as const;
      const grant = await authorise(deps.db, c.get('principal'), address, 'read');
      const [meeting, network] = [grant.meeting!, grant.network!];
      const state = await deps.collab.change(reportDocumentName(network.slug, meeting.id), encodeReportState);
      const report = await findReport(deps.db, meeting.id);
      return c.json({
        network: { name: network.name },
        meeting: { id: meeting.id, title: meeting.title, date: meeting.first_date },
        finalised: report?.finalised_at ? { at: report.finalised_at } : null,
        html: toHtmlBody(reportContent(state)),
      });
    })
    .get('/meetings/:id/report/export/:format', valid('param', exportParam), async (c) => {
      const { id, format } = c.req.valid('param');
      const grant = await authorise(deps.db, c.get('principal'), { type: 'report', meetingId: id }, 'read');
      const [meeting, network] = [grant.meeting!, grant.network!];
      const content = reportContent(
        await deps.collab.change(reportDocumentName(network.slug, meeting.id), encodeReportState),
      );
      const title = `Verslag ${meeting.title}`;
      const headers = {
        'content-type': contentTypes[format],
        'content-disposition': `attachment; filename="verslag-${meeting.id}.${format}"`,
        'x-content-type-options': 'nosniff',
      };
      if (format === 'docx') return c.body(new Uint8Array(await toDocx(content, { title })), 200, headers);
      const body = format === 'md' ? toMarkdown(content, { title }) : toHtml(content, { title });
      return c.body(body, 200, headers);
    });
}
