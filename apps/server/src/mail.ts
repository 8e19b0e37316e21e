import { createTransport } from 'nodemailer';
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

/** Sends e-mail when SMTP_URL is set; otherwise does nothing and the secretariat hands out links itself. */
export interface Mailer {
  /** True when the mail server accepted the message. */
  sendInvitation(mail: InvitationMail): Promise<boolean>;
}

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
  if (!smtp) return { sendInvitation: async () => false };
  const transport = createTransport(smtp.url);
  return {
    async sendInvitation(mail) {
      try {
        await transport.sendMail({
          from: smtp.from,
          to: mail.to,
          subject: `Uitnodiging voor ${mail.networkName} op Klankbord`,
          text: [
            `${mail.inviterName} nodigt je uit voor ${mail.networkName} op Klankbord, als ${mail.roleLabel}.`,
            '',
            `Open deze link om je account aan te maken of aan te melden:`,
            mail.link,
            '',
            '—',
            `${mail.inviterName} invites you to ${mail.networkName} on Klankbord. Open the link above to join.`,
          ].join('\n'),
        });
        return true;
      } catch (error) {
        // The invitation exists either way; the secretariat sees `mailed: false` and hands out the link.
        logger.warn({ err: error, to: mail.to }, 'could not send invitation mail');
        return false;
      }
    },
  };
}
