import { findUserByEmail, type Notification } from '@klankbord/db';
import { encodeAnchorPosition, reportDocumentName, reportFragment } from '@klankbord/domain';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../../src/logger.ts';
import { createMailer } from '../../src/mail.ts';
import type { MailingDeps } from '../../src/notifications/mailing.ts';
import { arrangeMeeting, moveMeeting, tokens, type useMembersServer } from '../programme/support.ts';
import { writeParagraph } from '../report/support.ts';
import { roundTrip } from '../support/clients.ts';
import type { TestServer } from '../support/server.ts';

export type Ctx = ReturnType<typeof useMembersServer>;
export type Who = keyof typeof tokens;

/** The user id of each member that programme/support.ts arranges. */
export async function userIds(ctx: Ctx): Promise<Record<Who, number>> {
  const emails: Record<Who, string> = {
    secretariaat: 'programma-sec@example.nl',
    klankbordgroep: 'programma-kbg@example.nl',
    deelnemer: 'deelnemer@example.nl',
    gast: 'gast@example.nl',
    elders: 'programma-elders@example.nl',
  };
  const ids = {} as Record<Who, number>;
  for (const [who, email] of Object.entries(emails))
    ids[who as Who] = (await findUserByEmail(ctx.server.db, email))!.id;
  return ids;
}

/** A member's notifications as the API returns them (newest first), with the unread count. */
export async function inbox(ctx: Ctx, who: Who): Promise<{ notifications: Notification[]; unread: number }> {
  const response = await ctx.api(who).get('/api/notifications');
  expect(response.status).toBe(200);
  return response.body;
}

/** The kinds (and stage) of a member's notifications, oldest first, for compact assertions. */
export async function kindsOf(ctx: Ctx, who: Who): Promise<string[]> {
  const { notifications } = await inbox(ctx, who);
  return notifications.map((n) => (n.params.stage ? `${n.kind}:${n.params.stage}` : n.kind)).reverse();
}

/** A meeting of `ngs` in a status. */
export async function meetingIn(ctx: Ctx, status: Parameters<typeof moveMeeting>[2]): Promise<number> {
  const meetingId = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
  await moveMeeting(ctx.server.db, meetingId, status);
  return meetingId;
}

/** A meeting in reporting whose verslag holds one paragraph, and an anchor on its first words. */
export async function meetingWithReport(ctx: Ctx) {
  const meetingId = await meetingIn(ctx, 'reporting');
  const writer = await ctx.pool.connect(reportDocumentName('ngs', meetingId), tokens.secretariaat);
  writeParagraph(writer.doc, 'De gemeente stuurt het advies voor 1 april rond.');
  expect(await roundTrip(writer)).toBe('answered');
  const paragraph = reportFragment(writer.doc).get(0) as Y.XmlElement;
  const text = paragraph.get(0) as Y.XmlText;
  const anchor = {
    start: encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(text, 0)),
    end: encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(text, 6)),
  };
  return { meetingId, anchor, quote: 'De gem' };
}

/** What the notification jobs need, built over a running test server as start.ts builds it. */
export function mailingDeps(server: TestServer): MailingDeps & Pick<TestServer, 'live'> {
  const logger = createLogger('silent');
  return {
    db: server.db,
    live: server.live,
    logger,
    mailer: createMailer(server.config, logger),
    baseUrl: server.httpUrl,
  };
}
