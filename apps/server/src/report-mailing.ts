import { type Db, findReport, listMembers, type Meeting, type NetworkRow, recordAuditEvent } from '@klankbord/db';
import { type AuditEventType, decide } from '@klankbord/domain';
import type { Deps } from './env.ts';
import type { MailAttachment, MailRecipient } from './mail.ts';

/**
 * Who is told by mail that a meeting's verslag is published: every member the one access decision lets read
 * the published version (today every member, a gast too), asked per member's role with the meeting's facts.
 */
export async function reportRecipients(db: Db, meeting: Meeting): Promise<MailRecipient[]> {
  const report = await findReport(db, meeting.id);
  const facts = {
    status: meeting.status,
    reportFinalised: (report?.finalised_at ?? null) !== null,
    reportPublished: (report?.published_at ?? null) !== null && report?.final_version_id != null,
  };
  const members = await listMembers(db, meeting.network_id);
  return members
    .filter((member) => decide('report', 'readFinal', { role: member.role, meeting: facts }) === 'allow')
    .map((member) => ({ email: member.email, name: member.name }));
}

/** One mailing about a published verslag, as the publish route hands it over before answering. */
export interface ReportMailing {
  network: Pick<NetworkRow, 'id' | 'name'>;
  meeting: Pick<Meeting, 'id' | 'title' | 'dates'>;
  recipients: MailRecipient[];
  /** Where members read the published verslag. */
  link: string;
  /** Files to attach (the verslag as PDF), made in the background too; a failure here sends the mail without them. */
  attachments?: () => Promise<MailAttachment[]>;
  /** Who published, and from where, for the audit log: the request is answered by the time it is written. */
  actorId: number;
  ip: string;
}

/**
 * Sends the mailing and then records how it went (`report.mailed`: recipients, sent, failed). Runs after the
 * publish request is answered, so the secretariaat never waits for the mail server; whatever fails is logged,
 * and the promise never rejects.
 */
export async function sendReportMailing(deps: Pick<Deps, 'db' | 'mailer' | 'logger'>, mailing: ReportMailing) {
  const { network, meeting, recipients } = mailing;
  try {
    let attachments: MailAttachment[] = [];
    try {
      attachments = (await mailing.attachments?.()) ?? [];
    } catch (error) {
      deps.logger.error({ err: error, meetingId: meeting.id }, 'could not make the report mail attachments');
    }
    const result = await deps.mailer.sendReportPublished(
      {
        networkName: network.name,
        meetingTitle: meeting.title,
        meetingDates: meeting.dates,
        link: mailing.link,
        attachments,
      },
      recipients,
    );
    await recordAuditEvent(deps.db, {
      networkId: network.id,
      actorId: mailing.actorId,
      event: 'report.mailed' satisfies AuditEventType,
      subject: String(meeting.id),
      detail: { recipients: recipients.length, ...result, attachments: attachments.length },
      ip: mailing.ip,
    });
  } catch (error) {
    deps.logger.error({ err: error, meetingId: meeting.id }, 'could not mail the published report');
  }
}
