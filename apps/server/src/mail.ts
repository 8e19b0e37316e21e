import type { Transporter } from 'nodemailer';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

/** What an invitation e-mail says. */
export interface InvitationMail {
  to: string;
  networkName: string;
  roleLabel: string;
  inviterName: string;
  link: string;
}

/** A file sent with a mail, such as the verslag as PDF. */
export interface MailAttachment {
  filename: string;
  content: Uint8Array;
  contentType: string;
}

/** What the mail about a published verslag says; every recipient gets their own copy. */
export interface ReportPublishedMail {
  networkName: string;
  meetingTitle: string;
  /** The meeting's days, as ISO dates (YYYY-MM-DD). */
  meetingDates: string[];
  /** Where a member reads the published verslag in the web app (after signing in). */
  link: string;
  attachments?: MailAttachment[];
}

/** Who gets a mail about a published verslag. */
export interface MailRecipient {
  email: string;
  name: string;
}

/** How a mailing to many went: how many messages the mail server accepted, and how many it did not. */
export interface MailingResult {
  sent: number;
  failed: number;
}

/** A notification mail (one direct batch or a daily digest), already rendered in its reader's language. */
export interface NotificationMail {
  to: MailRecipient;
  subject: string;
  text: string;
  html: string;
  /** The one-click unsubscribe address of the kind it is about (RFC 8058). */
  unsubscribeUrl: string;
}

/** Sends e-mail when SMTP_URL is set; otherwise does nothing and the secretariat hands out links itself. */
export interface Mailer {
  /** Whether SMTP_URL is set: without it nothing is ever sent. */
  readonly configured: boolean;
  /** True when the mail server accepted the message. */
  sendInvitation(mail: InvitationMail): Promise<boolean>;
  /**
   * Tells each recipient, in a message of their own, that a verslag is published. A few messages at a time over
   * a small pool of connections, however many recipients there are; a failure is logged and counted, never thrown.
   */
  sendReportPublished(mail: ReportPublishedMail, recipients: readonly MailRecipient[]): Promise<MailingResult>;
  /** Sends one notification mail; true when the mail server accepted it, a failure is logged. */
  sendNotification(mail: NotificationMail): Promise<boolean>;
}

/** At most this many connections to the mail server at once while mailing a network. */
const MAILING_CONNECTIONS = 3;

const roleLabels: Record<string, string> = {
  secretariaat: 'secretariaat',
  klankbordgroep: 'lid van de klankbordgroep',
  deelnemer: 'deelnemer',
  gast: 'gast',
};

/** The Dutch name of a role, as the invitation e-mail uses it. */
export function roleLabel(role: string): string {
  return roleLabels[role] ?? role;
}

/** A mailer over SMTP_URL, or one that sends nothing. */
export function createMailer(config: Pick<Config, 'smtp'>, logger: Logger): Mailer {
  const smtp = config.smtp;
  if (!smtp) {
    return {
      configured: false,
      sendInvitation: async () => false,
      sendReportPublished: async () => ({ sent: 0, failed: 0 }),
      sendNotification: async () => false,
    };
  }
  // nodemailer is loaded with the first mail, not at start: an idle server sends none.
  let transport: Promise<Transporter> | undefined;
  const transportOf = () => {
    transport ??= import('nodemailer').then(({ createTransport }) => createTransport(smtp.url));
    return transport;
  };
  return {
    configured: true,
    async sendInvitation(mail) {
      try {
        await (await transportOf()).sendMail({
          from: smtp.from,
          to: mail.to,
          ...invitationMessage(mail),
        });
        return true;
      } catch (error) {
        // The invitation exists either way; the secretariat sees `mailed: false` and hands out the link.
        logger.warn({ err: error, to: mail.to }, 'could not send invitation mail');
        return false;
      }
    },
    async sendNotification(mail) {
      try {
        await (await transportOf()).sendMail({
          from: smtp.from,
          to: { name: mail.to.name, address: mail.to.email },
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          list: { unsubscribe: { url: mail.unsubscribeUrl } },
          headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        });
        return true;
      } catch (error) {
        logger.warn({ err: error, to: mail.to.email }, 'could not send notification mail');
        return false;
      }
    },
    async sendReportPublished(mail, recipients) {
      const result: MailingResult = { sent: 0, failed: 0 };
      if (recipients.length === 0) return result;
      // A pool of its own, closed when the mailing is done: idle connections are not kept open between mailings.
      const { createTransport } = await import('nodemailer');
      const pool = createTransport({ url: smtp.url, pool: true, maxConnections: MAILING_CONNECTIONS });
      const queue = [...recipients];
      const worker = async () => {
        for (let recipient = queue.shift(); recipient; recipient = queue.shift()) {
          try {
            await pool.sendMail({
              from: smtp.from,
              to: { name: recipient.name, address: recipient.email },
              ...reportPublishedMessage(mail, recipient),
              attachments: (mail.attachments ?? []).map((attachment) => ({
                filename: attachment.filename,
                content: Buffer.from(attachment.content),
                contentType: attachment.contentType,
              })),
            });
            result.sent++;
          } catch (error) {
            result.failed++;
            logger.warn({ err: error, to: recipient.email }, 'could not send report mail');
          }
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(MAILING_CONNECTIONS, queue.length) }, worker));
      } finally {
        pool.close();
      }
      return result;
    },
  };
}

/** The subject and text of an invitation, in Dutch (addressing the reader with "u") with an English line. */
export function invitationMessage(mail: InvitationMail): { subject: string; text: string } {
  return {
    subject: `Uitnodiging voor ${mail.networkName} op Klankbord`,
    text: [
      `${mail.inviterName} nodigt u uit voor ${mail.networkName} op Klankbord, als ${mail.roleLabel}.`,
      '',
      'Open deze link om uw account aan te maken of om in te loggen:',
      mail.link,
      '',
      '—',
      `${mail.inviterName} invites you to ${mail.networkName} on Klankbord. Open the link above to join.`,
    ].join('\n'),
  };
}

// Made on first use: the first Intl formatter maps ICU's locale data (some 8 MB), which an idle server does not need.
let dutchDate: Intl.DateTimeFormat | undefined;

/** The meeting's days in Dutch: "12 maart 2026", or "12 maart 2026 en 13 maart 2026". */
function dutchDates(dates: readonly string[]): string {
  const days = dates.map((date) => {
    const day = new Date(`${date}T00:00:00Z`);
    dutchDate ??= new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    return Number.isNaN(day.getTime()) ? date : dutchDate.format(day);
  });
  if (days.length <= 1) return days[0] ?? '';
  return `${days.slice(0, -1).join(', ')} en ${days.at(-1)}`;
}

/** Escapes text for HTML: a meeting's title or a member's name is what people typed, never markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEntities[char] ?? char);
}

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The subject, text and HTML of the mail about a published verslag, in Dutch: the network's language. */
export function reportPublishedMessage(
  mail: ReportPublishedMail,
  recipient: MailRecipient,
): { subject: string; text: string; html: string } {
  const when = dutchDates(mail.meetingDates);
  const attached = (mail.attachments?.length ?? 0) > 0;
  const lines = {
    greeting: `Beste ${recipient.name},`,
    news: `Het verslag van ${mail.meetingTitle}${when ? ` (${when})` : ''} van ${mail.networkName} is gepubliceerd.`,
    read: 'U leest het in Klankbord, na aanmelden:',
    attachment: 'Het verslag zit ook als bijlage bij deze e-mail.',
    why: `U krijgt deze e-mail omdat u lid bent van ${mail.networkName} op Klankbord.`,
  };
  const text = [
    lines.greeting,
    '',
    lines.news,
    '',
    lines.read,
    mail.link,
    ...(attached ? ['', lines.attachment] : []),
    '',
    '—',
    lines.why,
  ].join('\n');
  const link = escapeHtml(mail.link);
  const html = [
    '<!doctype html>',
    '<html lang="nl"><body style="font-family: sans-serif; line-height: 1.5;">',
    `<p>${escapeHtml(lines.greeting)}</p>`,
    `<p>${escapeHtml(lines.news)}</p>`,
    `<p>${escapeHtml(lines.read)}<br><a href="${link}">${link}</a></p>`,
    ...(attached ? [`<p>${escapeHtml(lines.attachment)}</p>`] : []),
    `<p style="color: #555; font-size: 0.9em;">${escapeHtml(lines.why)}</p>`,
    '</body></html>',
  ].join('\n');
  // One line, whatever the title holds: a subject is a header.
  return { subject: `Verslag gepubliceerd: ${mail.meetingTitle}`.replace(/\s+/g, ' '), text, html };
}
