import { messageSegments } from '@klankbord/domain';

/** A piece of a message as the page shows it: text, a link, or a mention of the viewer (highlighted). */
export type MessagePart =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'me'; text: string };

/**
 * Cuts a message into parts for rendering as text: http(s) links become links (from the domain's
 * `messageSegments`), `@Name` of the viewer is marked when the message mentions them; nothing else is markup.
 */
export function messageParts(body: string, viewerName: string | null): MessagePart[] {
  const mention = viewerName ? `@${viewerName}` : null;
  const parts: MessagePart[] = [];
  for (const segment of messageSegments(body)) {
    if ('href' in segment) {
      parts.push({ kind: 'link', text: segment.text, href: segment.href });
      continue;
    }
    if (!mention) {
      parts.push({ kind: 'text', text: segment.text });
      continue;
    }
    const pieces = segment.text.split(mention);
    pieces.forEach((piece, index) => {
      if (index > 0) parts.push({ kind: 'me', text: mention });
      if (piece) parts.push({ kind: 'text', text: piece });
    });
  }
  return parts;
}

/** The mentioned members whose `@Name` is still in the text: removing the name from the text drops the mention. */
export function mentionsIn(body: string, picked: ReadonlyMap<number, string>): number[] {
  return [...picked].filter(([, name]) => body.includes(`@${name}`)).map(([id]) => id);
}
