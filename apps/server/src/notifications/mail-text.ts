import type { Notification } from '@klankbord/db';
import type { NotificationKind } from '@klankbord/domain';
import { escapeHtml } from '../mail.ts';

type Language = 'nl' | 'en';

/** The language of a person's mail: English when they chose it, Dutch otherwise. */
export function mailLanguage(locale: string): Language {
  return locale === 'en' ? 'en' : 'nl';
}

const stageText = {
  nl: {
    programme: 'Het programma is gepubliceerd',
    voting: 'De stemming is geopend',
    report: 'Het verslag is gepubliceerd',
  },
  en: { programme: 'The programme is published', voting: 'Voting is open', report: 'The report is published' },
} as const;

/** One line about one notification, in plain text (the HTML escapes it). */
export function notificationLine(notification: Pick<Notification, 'kind' | 'params'>, language: Language): string {
  const p = notification.params;
  const of = p.meeting ? (language === 'nl' ? ` (${p.meeting})` : ` (${p.meeting})`) : '';
  const nl = language === 'nl';
  switch (notification.kind) {
    case 'mention':
      return nl ? `${p.actor} noemde u in een gesprek${of}.` : `${p.actor} mentioned you in a discussion${of}.`;
    case 'comment.reply':
      return nl ? `${p.actor} reageerde op uw bericht${of}.` : `${p.actor} replied to your message${of}.`;
    case 'afspraak.assigned':
      return nl
        ? `Er is een afspraak aan u toegewezen: ${p.title}${of}.`
        : `An action was assigned to you: ${p.title}${of}.`;
    case 'afspraak.due':
      return nl ? `Uw afspraak moet af zijn op ${p.date}: ${p.title}.` : `Your action is due on ${p.date}: ${p.title}.`;
    case 'barrier.reported':
      return nl
        ? `Iemand meldt een toegankelijkheidsprobleem op de pagina ${p.title}.`
        : `Someone reports an accessibility problem on the page ${p.title}.`;
    case 'meeting.stage': {
      const stage = stageText[language][p.stage ?? 'programme'];
      const what = p.title ? `: ${p.title}` : '';
      return `${stage}${what} — ${p.meeting ?? ''}`;
    }
  }
}

/** The words around the list of a notification mail. */
const frame = {
  nl: {
    subjectDirect: (count: number) =>
      count === 1 ? 'Nieuwe melding op Klankbord' : `${count} nieuwe meldingen op Klankbord`,
    subjectDigest: 'Uw meldingen van vandaag op Klankbord',
    greeting: (name: string) => `Beste ${name},`,
    intro: 'Dit is er voor u gebeurd op Klankbord:',
    why: 'U krijgt deze e-mail omdat u dit soort meldingen per e-mail wilt ontvangen. U kiest dat op uw accountpagina.',
    unsubscribe: (kind: string) => `Geen e-mail meer over ${kind}:`,
    kinds: {
      mention: 'vermeldingen',
      'comment.reply': 'reacties op uw berichten',
      'afspraak.assigned': 'toegewezen afspraken',
      'afspraak.due': 'afspraken die bijna af moeten zijn',
      'meeting.stage': 'nieuws over netwerkdagen',
      'barrier.reported': 'gemelde toegankelijkheidsproblemen',
    } satisfies Record<NotificationKind, string>,
  },
  en: {
    subjectDirect: (count: number) =>
      count === 1 ? 'New notification on Klankbord' : `${count} new notifications on Klankbord`,
    subjectDigest: 'Your notifications of today on Klankbord',
    greeting: (name: string) => `Dear ${name},`,
    intro: 'This happened for you on Klankbord:',
    why: 'You receive this e-mail because you chose to get these notifications by e-mail. You change that on your account page.',
    unsubscribe: (kind: string) => `No more e-mail about ${kind}:`,
    kinds: {
      mention: 'mentions',
      'comment.reply': 'replies to your messages',
      'afspraak.assigned': 'assigned actions',
      'afspraak.due': 'actions that are almost due',
      'meeting.stage': 'news about netwerkdagen',
      'barrier.reported': 'reported accessibility problems',
    } satisfies Record<NotificationKind, string>,
  },
};

/** A notification mail: plain text and simple HTML, with every text people typed escaped in the HTML. */
export function notificationMessage(options: {
  language: Language;
  name: string;
  digest: boolean;
  items: { kind: NotificationKind; line: string; url: string }[];
  /** One link per kind the mail is about. */
  unsubscribe: { kind: NotificationKind; url: string }[];
}): { subject: string; text: string; html: string } {
  const words = frame[options.language];
  const subject = options.digest ? words.subjectDigest : words.subjectDirect(options.items.length);
  const text = [
    words.greeting(options.name),
    '',
    words.intro,
    '',
    ...options.items.flatMap((item) => [`- ${item.line}`, `  ${item.url}`]),
    '',
    '—',
    words.why,
    ...options.unsubscribe.map((link) => `${words.unsubscribe(words.kinds[link.kind])} ${link.url}`),
  ].join('\n');
  const html = [
    '<!doctype html>',
    `<html lang="${options.language}"><body style="font-family: sans-serif; line-height: 1.5;">`,
    `<p>${escapeHtml(words.greeting(options.name))}</p>`,
    `<p>${escapeHtml(words.intro)}</p>`,
    '<ul>',
    ...options.items.map((item) => `<li><a href="${escapeHtml(item.url)}">${escapeHtml(item.line)}</a></li>`),
    '</ul>',
    `<p style="color: #555; font-size: 0.9em;">${escapeHtml(words.why)}</p>`,
    '<ul style="color: #555; font-size: 0.9em;">',
    ...options.unsubscribe.map(
      (link) =>
        `<li><a href="${escapeHtml(link.url)}">${escapeHtml(words.unsubscribe(words.kinds[link.kind]))}</a></li>`,
    ),
    '</ul>',
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
