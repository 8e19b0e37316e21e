import {
  findMeeting,
  findMeetingIdByPublicLink,
  findNetworkById,
  findReport,
  findReportVersion,
  type Meeting,
  markReportPublished,
  markReportUnpublished,
  type NetworkRow,
  removeReportPublicLink,
  setReportPublicLink,
} from '@klankbord/db';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorise, authoriseMeeting, mayInMeeting } from '../access/authorise.ts';
import { audit } from '../audit.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { clientAddress } from '../client-address.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail, UserError } from '../errors.ts';
import { appLink } from '../links.ts';
import { rateLimiter } from '../middleware/rate-limit.ts';
import { notifyMeetingStage } from '../notifications/producers.ts';
import { renderGateOf } from '../render-gate.ts';
import { reportContent } from '../report-content.ts';
import { reportImages } from '../report-extras.ts';
import { buildReportLayout, reportFileBase } from '../report-layout.ts';
import { reportRecipients, sendReportMailing } from '../report-mailing.ts';
import { valid } from '../validate.ts';
import { REPORT_RENDERS_PER_MINUTE } from './report-export.ts';

const meetingParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });
// Mailing the members is asked for, never assumed: a script that publishes does not mail a whole network. The web
// app ticks "Leden mailen" by default when mail is configured.
const publishBody = z.object({
  mailMembers: z.boolean().default(false),
  /** The mail carries the final verslag as a PDF too. */
  attachPdf: z.boolean().default(false),
});
// newSecret: 32 bytes in base64url. Anything else cannot be a link of ours and is not looked up.
const PUBLIC_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const WINDOW_MS = 15 * 60 * 1000;

/**
 * The published verslag of a meeting — its final version, rendered on the server — or undefined while it is not
 * published. Reopening keeps the publication: the last final version stays what readers see.
 */
async function publishedReport(deps: Deps, meetingId: number) {
  const report = await findReport(deps.db, meetingId);
  if (!report?.published_at || report.final_version_id === null) return undefined;
  const [meeting, version] = [
    await findMeeting(deps.db, meetingId),
    await findReportVersion(deps.db, meetingId, report.final_version_id),
  ];
  const network = meeting && (await findNetworkById(deps.db, meeting.network_id));
  if (!meeting || !network || !version) return undefined;
  const { toHtmlBody } = await import('@klankbord/editor');
  const body = await reportContent(version.state);
  // Its own images come along as data, so a reader by the public link (who may not fetch bestanden) sees them.
  const images = await reportImages(deps.db, deps.files, meeting.id, body, version.createdAt);
  const html = toHtmlBody(body, { images });
  return {
    network: { name: network.name },
    meeting: { id: meeting.id, title: meeting.title, date: meeting.first_date, dates: meeting.dates },
    version: { id: version.id, name: version.name, createdAt: version.createdAt },
    // The final version is saved when the report is finalised: its creation is the finalisation it stands for.
    finalised: { at: version.createdAt, by: version.createdBy },
    published: { at: report.published_at },
    html,
  };
}

/** The final version of a published verslag as a PDF attachment, in the house style. */
async function finalPdf(deps: Deps, meeting: Meeting, network: NetworkRow, requesterId: number) {
  const report = await findReport(deps.db, meeting.id);
  const version =
    report?.final_version_id == null
      ? undefined
      : await findReportVersion(deps.db, meeting.id, report.final_version_id);
  if (!version) return [];
  const layout = await buildReportLayout(deps.db, {
    meeting,
    network,
    state: version.state,
    madeAt: version.createdAt,
    requesterId,
    names: false,
    comments: false,
    files: deps.files,
  });
  const { reportToPdf } = await import('@klankbord/editor');
  const content = await reportToPdf(layout);
  return [
    { filename: `${reportFileBase(meeting.title, meeting.first_date)}.pdf`, content, contentType: 'application/pdf' },
  ];
}

/**
 * Each reading renders the verslag and carries its images as data (up to REPORT_IMAGE_BYTES_MAX, a third more as
 * base64): as the exports, so many a minute per reader, or one reader (by a public link, anyone) could keep the
 * server busy and its memory full.
 */
function rendersLimit(deps: Deps, name: string, headers: Record<string, string> = {}) {
  const limiter = rateLimiter(deps, name, REPORT_RENDERS_PER_MINUTE, 60_000);
  const gate = renderGateOf(deps);
  return async (key: string, meetingId: number) => {
    const wait = await limiter.take(key);
    if (wait > 0)
      throw new UserError(429, 'publishedReport.rateLimited', undefined, { 'retry-after': String(wait), ...headers });
    return gate.run(key, () => publishedReport(deps, meetingId));
  };
}

/** Publishing a finalised verslag to the network's members, and to anyone with its revocable public link. */
export function reportPublicationRoutes(deps: Deps) {
  const reading = rendersLimit(deps, 'publishedReport.member');
  return new Hono<AppEnv>()
    .get('/meetings/:id/report/publication', valid('param', meetingParam), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'meeting.view');
      const { role, meeting } = access;
      if (!mayInMeeting(role, 'report.view', meeting.status) && !mayInMeeting(role, 'report.publish', meeting.status))
        fail(403, 'forbidden');
      const report = await findReport(deps.db, meeting.id);
      return c.json({
        published: report?.published_at ? { at: report.published_at, by: report.published_by } : null,
        publicLink: report?.public_link_created_at ? { createdAt: report.public_link_created_at } : null,
        // Whether publishing can mail the members: the web app offers "Leden mailen" only then.
        mailConfigured: deps.mailer.configured,
      });
    })
    .post('/meetings/:id/report/publish', valid('param', meetingParam), valid('json', publishBody), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.publish');
      const { meeting, network, principal } = access;
      if (!(await markReportPublished(deps.db, meeting.id, principal.user.id))) {
        const report = await findReport(deps.db, meeting.id);
        fail(409, report?.published_at ? 'report.published' : 'report.notFinalised');
      }
      const mailMembers = c.req.valid('json').mailMembers && deps.mailer.configured;
      const recipients = mailMembers ? await reportRecipients(deps.db, meeting) : [];
      await audit(deps, c, {
        networkId: network.id,
        event: 'report.published',
        subject: String(meeting.id),
        detail: { mailMembers },
      });
      const stage = { network, meeting, stage: 'report', key: `${meeting.id}:report` } as const;
      await notifyMeetingStage(deps, { ...stage, actorId: principal.user.id });
      if (mailMembers) {
        // Not awaited: the answer goes out now, the mail after it (report.mailed is audited when it is done).
        void sendReportMailing(deps, {
          network,
          meeting,
          recipients,
          link: appLink(c, deps, `/networks/${network.slug}/meetings/${meeting.id}/report/published`),
          // Rendered after the answer too, from the final version; a failure sends the mail without it.
          ...(c.req.valid('json').attachPdf
            ? {
                attachments: () =>
                  renderGateOf(deps).run(String(principal.user.id), () =>
                    finalPdf(deps, meeting, network, principal.user.id),
                  ),
              }
            : {}),
          actorId: principal.user.id,
          ip: clientAddress(c, deps.config.trustProxy),
        });
      }
      const report = await findReport(deps.db, meeting.id);
      return c.json({
        published: { at: report?.published_at ?? null, by: report?.published_by ?? null },
        // How many members the mail is going to; null when none is sent.
        mailing: mailMembers ? { recipients: recipients.length } : null,
      });
    })
    .post('/meetings/:id/report/unpublish', valid('param', meetingParam), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.publish');
      const { meeting, network } = access;
      // Its public link goes with it: publishing again does not bring an old link back.
      if (!(await markReportUnpublished(deps.db, meeting.id))) fail(409, 'report.notPublished');
      await audit(deps, c, { networkId: network.id, event: 'report.unpublished', subject: String(meeting.id) });
      return c.json({ published: null, publicLink: null });
    })
    .post('/meetings/:id/report/public-link', valid('param', meetingParam), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.publish');
      const { meeting, network } = access;
      const secret = newSecret();
      // Only the hash is kept, so the link is shown this once; to hand it out again, the secretariaat replaces it
      // (the old one stops working). Chosen over storing the link, even encrypted: it is a bearer credential to the
      // text, and a database copy or backup — with its key beside it on the same machine — would leak working
      // links; a hash leaks none, and replacing costs one click. Members never need it: their mail links to the
      // verslag inside Klankbord, behind their own sign-in.
      if (!(await setReportPublicLink(deps.db, meeting.id, secret.hash))) fail(409, 'report.notPublished');
      await audit(deps, c, { networkId: network.id, event: 'report.publicLinkCreated', subject: String(meeting.id) });
      return c.json({ url: appLink(c, deps, `/public/reports/${secret.value}`) }, 201);
    })
    .delete('/meetings/:id/report/public-link', valid('param', meetingParam), async (c) => {
      const access = await authoriseMeeting(deps.db, c.get('principal'), c.req.valid('param').id, 'report.publish');
      const { meeting, network } = access;
      if (!(await removeReportPublicLink(deps.db, meeting.id))) fail(409, 'report.noPublicLink');
      await audit(deps, c, { networkId: network.id, event: 'report.publicLinkRevoked', subject: String(meeting.id) });
      return c.body(null, 204);
    })
    .get('/meetings/:id/report/published', valid('param', meetingParam), async (c) => {
      const meetingId = c.req.valid('param').id;
      const grant = await authorise(deps.db, c.get('principal'), { type: 'report', meetingId }, 'readFinal');
      const published = await reading(String(grant.principal.user.id), meetingId);
      if (!published) fail(404, 'not_found');
      return c.json(published);
    });
}

/**
 * GET /api/public/reports/:token — a published verslag for anyone with its public link, signed in or not.
 * Unknown, revoked and malformed links are all the same 404; many of them from one address are refused a while.
 */
export function publicReportRoutes(deps: Deps) {
  const perAddress = rateLimiter(deps, 'publicReport.address', 30, WINDOW_MS);
  const headers = { 'cache-control': 'no-store', 'x-robots-tag': 'noindex' };
  const reading = rendersLimit(deps, 'publishedReport.public', headers);

  return new Hono<AppEnv>().get('/reports/:token', async (c) => {
    const address = clientAddress(c, deps.config.trustProxy);
    const wait = await perAddress.retryAfter(address);
    if (wait > 0)
      throw new UserError(429, 'publicReport.rateLimited', undefined, { 'retry-after': String(wait), ...headers });
    const token = c.req.param('token');
    const meetingId = PUBLIC_TOKEN.test(token)
      ? await findMeetingIdByPublicLink(deps.db, hashSecret(token))
      : undefined;
    // A known link's reading is counted before it is rendered; an unknown one only as a failure below.
    const published = meetingId === undefined ? undefined : await reading(address, meetingId);
    if (!published) {
      await perAddress.fail(address);
      throw new UserError(404, 'not_found', undefined, headers);
    }
    return c.json(published, 200, headers);
  });
}
