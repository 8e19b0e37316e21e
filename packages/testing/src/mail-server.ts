import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the mail server received it. */
export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO): who the message was delivered to, whatever its headers say. */
  to: string[];
  /** The message as sent, headers and MIME parts undecoded. */
  raw: string;
  /** The decoded text/plain part, or '' when there is none. */
  text: string;
  /** The decoded text/html part, or '' when there is none. */
  html: string;
}

/** A real SMTP server on a free port of 127.0.0.1 that keeps every message it receives. */
export interface MailServer {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  messages: ReceivedMail[];
  /** Connections open now, and the most that were ever open at once. */
  connections: { open: number; most: number };
  close(): Promise<void>;
}

/** Starts a local SMTP server without TLS or authentication, for tests that check what was mailed. */
export async function startMailServer(): Promise<MailServer> {
  const messages: ReceivedMail[] = [];
  const connections = { open: 0, most: 0 };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      connections.open++;
      connections.most = Math.max(connections.most, connections.open);
      callback();
    },
    onClose() {
      connections.open--;
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((recipient) => recipient.address);
        messages.push({ to, raw, text: partOf(raw, 'text/plain'), html: partOf(raw, 'text/html') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    connections,
    close: () => new Promise((resolve) => smtp.close(() => resolve())),
  };
}

/**
 * The decoded body of the first part of a type, in a single-part message or in (nested) multiparts. Enough MIME
 * for what nodemailer writes: quoted-printable, base64 or plain 7/8 bit, in UTF-8.
 */
function partOf(raw: string, type: string): string {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((match) => match[1] ?? '');
  const escaped = boundaries.map((boundary) => boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const segments = escaped.length > 0 ? raw.split(new RegExp(`\\r?\\n--(?:${escaped.join('|')})(?:--)?`)) : [raw];
  for (const segment of segments) {
    const split = segment.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const headers = segment.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
    if (!new RegExp(`^content-type:\\s*${type}\\b`, 'im').test(headers)) continue;
    const body = segment.slice(split).replace(/^\r?\n\r?\n/, '');
    const encoding = /^content-transfer-encoding:\s*([\w-]+)/im.exec(headers)?.[1]?.toLowerCase();
    if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
    return body;
  }
  return '';
}

function decodeQuotedPrintable(body: string): string {
  const unwrapped = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    const hex = unwrapped[i] === '=' ? unwrapped.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(unwrapped[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
