import { DOCUMENT_NAME_MAX_LENGTH } from '@klankbord/domain';
import { z } from 'zod';
import type { Ending, Selector } from '../access/revoke.ts';
import type { Logger } from '../logger.ts';
import { type Bus, channels } from './bus.ts';

/**
 * Endings that cross to the other instances on `channels.revoke`: a revocation (its selector, ending and reason),
 * and the eviction of deleted documents, whose rooms elsewhere must go too or they would write them again. Each
 * instance ends its own sockets and streams; as everything on the bus, best effort: a client whose ending was
 * lost is refused at its next request or reconnect, since the credential or membership is gone from the database.
 */

/** The largest message accepted from the bus (a meeting's documents are a few dozen names). */
const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_DOCUMENTS = 1000;

const documentNames = z.array(z.string().max(DOCUMENT_NAME_MAX_LENGTH)).max(MAX_DOCUMENTS);

// Strict, so that a field this instance does not know is refused rather than ignored: an ignored criterion would
// widen the selection.
const selectorSchema = z.strictObject({
  credential: z.string().max(200).optional(),
  userId: z.number().int().positive().optional(),
  via: z.enum(['session', 'token']).optional(),
  exceptCredential: z.string().max(200).optional(),
  network: z.strictObject({ id: z.number().int().positive(), slug: z.string().max(200) }).optional(),
  // A Set does not survive JSON: it travels as a list.
  documents: documentNames.optional(),
});

const messageSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('revoke'),
    selector: selectorSchema,
    ending: z.enum(['end', 'reauthorise']),
    reason: z.string().max(120),
  }),
  z.strictObject({ kind: z.literal('evict'), documents: documentNames }),
]);

type Message = z.infer<typeof messageSchema>;

/** What an instance does with the endings it hears of. */
export interface EndingHandlers {
  revoke(selector: Selector, ending: Ending, reason: string): void;
  evict(documents: readonly string[]): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function send(bus: Bus, message: Message): void {
  bus.publish(channels.revoke, encoder.encode(JSON.stringify(message)));
}

/** Tells the other instances to run a revocation on their own sockets and streams. */
export function publishRevocation(bus: Bus, selector: Selector, ending: Ending, reason: string): void {
  const { documents, network, ...rest } = selector;
  send(bus, {
    kind: 'revoke',
    selector: {
      ...rest,
      // Callers may pass a whole network row: only what the selection needs crosses.
      ...(network ? { network: { id: network.id, slug: network.slug } } : {}),
      ...(documents ? { documents: [...documents] } : {}),
    },
    ending,
    reason,
  });
}

/** Tells the other instances to drop their rooms of deleted documents. */
export function publishEviction(bus: Bus, documents: readonly string[]): void {
  send(bus, { kind: 'evict', documents: [...documents] });
}

/** The selector as revoke() takes it, with only the criteria that were sent. */
function selectorOf(sent: z.infer<typeof selectorSchema>): Selector {
  const selector: Selector = {};
  if (sent.credential !== undefined) selector.credential = sent.credential;
  if (sent.userId !== undefined) selector.userId = sent.userId;
  if (sent.via !== undefined) selector.via = sent.via;
  if (sent.exceptCredential !== undefined) selector.exceptCredential = sent.exceptCredential;
  if (sent.network !== undefined) selector.network = sent.network;
  if (sent.documents !== undefined) selector.documents = new Set(sent.documents);
  return selector;
}

/** Runs the endings the other instances send; returns the function that stops listening. */
export function listenForEndings(bus: Bus, handlers: EndingHandlers, logger: Logger): () => void {
  return bus.subscribe(channels.revoke, (payload) => {
    if (payload.byteLength > MAX_MESSAGE_BYTES) throw new Error('revocation message too large');
    const message = messageSchema.parse(JSON.parse(decoder.decode(payload)));
    if (message.kind === 'revoke') {
      handlers.revoke(selectorOf(message.selector), message.ending, message.reason);
    } else {
      handlers
        .evict(message.documents)
        .catch((error: unknown) => logger.error({ err: error }, 'evicting documents for another instance failed'));
    }
  });
}
