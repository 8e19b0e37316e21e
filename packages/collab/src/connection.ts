import { CloseCode } from './close-codes.ts';
import type { CollabLogger } from './logger.ts';
import { type AwarenessEntry, messageSync, ProtocolError, readClientMessage, syncStep2 } from './protocol.ts';
import { LatestWins, type Rate, TokenBucket } from './rate.ts';
import { DocumentFullError, type Room, type RoomMember } from './room.ts';

/** What a connection may do with its document; 'none' is refused before a connection exists. */
export type Access = 'none' | 'read' | 'write';

/** The socket underneath a connection, as the hosting server adapts it. */
export interface Transport {
  send(data: Uint8Array): void;
  /** Closes gracefully: the close frame follows whatever is still queued. */
  close(code: number, reason: string): void;
  /** Bytes sent but not yet written to the network (ws: `bufferedAmount`): what a client that does not read piles up. */
  bufferedBytes(): number;
  /** Drops the socket at once with whatever it still had queued, freeing that memory (ws: `terminate()`). */
  terminate(): void;
}

/** What one connection may cost the server; see CollabServerOptions. */
export interface ConnectionLimits {
  maxMessageBytes: number;
  maxBufferedBytes: number;
  awarenessRate: Rate;
  awarenessQueryRate: Rate;
}

export interface ConnectionOptions {
  documentName: string;
  access: Exclude<Access, 'none'>;
  clientKey: string;
  credential?: string | undefined;
  displayName?: string | undefined;
  transport: Transport;
  limits: ConnectionLimits;
  logger: CollabLogger;
  onClose: (connection: Connection) => void;
}

/**
 * One client's socket on one document. Messages that arrive while the document is still loading
 * are queued and handled, in order, once it is ready. Any message that breaks the protocol closes
 * this connection, logged with its reason; it never reaches the document.
 */
export class Connection implements RoomMember {
  private room: Room | null = null;
  private queued: Uint8Array[] | null = [];
  private queuedBytes = 0;
  private isClosed = false;
  private readonly presences: LatestWins<AwarenessEntry>;
  private readonly awarenessQueries: TokenBucket;
  private firstSyncBytes: number | null = null;

  constructor(private readonly options: ConnectionOptions) {
    this.presences = new LatestWins(new TokenBucket(options.limits.awarenessRate), (entry) =>
      this.room?.publishPresence(entry, this),
    );
    this.awarenessQueries = new TokenBucket(options.limits.awarenessQueryRate);
  }

  get documentName(): string {
    return this.options.documentName;
  }

  get clientKey(): string {
    return this.options.clientKey;
  }

  get credential(): string | undefined {
    return this.options.credential;
  }

  get displayName(): string | undefined {
    return this.options.displayName;
  }

  get canWrite(): boolean {
    return this.options.access === 'write';
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Hands the connection its loaded room and replays what arrived meanwhile. */
  attach(room: Room): void {
    if (this.isClosed) return;
    this.room = room;
    room.join(this);
    const queued = this.queued ?? [];
    this.queued = null;
    for (const data of queued) this.handle(data);
  }

  /** Called by the transport for every binary message from the client. */
  receive(data: Uint8Array): void {
    if (this.isClosed) return;
    const { maxMessageBytes } = this.options.limits;
    if (data.byteLength > maxMessageBytes) {
      this.close(CloseCode.messageTooBig, `message of ${data.byteLength} bytes exceeds ${maxMessageBytes}`);
      return;
    }
    if (this.queued) {
      this.queuedBytes += data.byteLength;
      if (this.queuedBytes > 4 * maxMessageBytes) {
        this.close(CloseCode.messageTooBig, 'too much data sent while the document was loading');
        return;
      }
      this.queued.push(data);
      return;
    }
    this.handle(data);
  }

  /**
   * Sends to the client; a socket that is already gone is not an error. A client with more than maxBufferedBytes
   * still unsent is not reading: its socket is dropped, so that it cannot make the server hold the document's
   * traffic for it. The budget comes on top of the client's first sync, which holds the whole document: a client on
   * a slow link must still get a large document while others type. Checked before sending, so one message larger
   * than the budget still goes out whole to a client that reads.
   */
  send(data: Uint8Array): void {
    if (this.isClosed) return;
    const { transport, limits } = this.options;
    if (this.firstSyncBytes === null && isSyncStep2(data)) this.firstSyncBytes = data.byteLength;
    const buffered = transport.bufferedBytes();
    const budget = limits.maxBufferedBytes + (this.firstSyncBytes ?? 0);
    if (buffered > budget) {
      this.drop(CloseCode.slowConsumer, `${buffered} bytes unread, more than ${budget}`);
      return;
    }
    try {
      transport.send(data);
    } catch (error) {
      this.options.logger.debug({ err: error, document: this.documentName }, 'send failed');
    }
  }

  /** Closes the socket from the server's side, with a reason for the log and the client. */
  close(code: number, reason: string): void {
    if (this.isClosed) return;
    const level = code === CloseCode.goingAway ? 'debug' : 'warn';
    this.options.logger[level](
      { document: this.documentName, client: this.clientKey, code, reason },
      'closing connection',
    );
    try {
      this.options.transport.close(code, reason);
    } catch {
      // The socket was already gone; closing is all we wanted.
    }
    this.transportClosed();
  }

  /** Drops the socket without a close frame, which would only queue behind what the client does not read. */
  private drop(code: number, reason: string): void {
    this.options.logger.warn(
      { document: this.documentName, client: this.clientKey, code, reason },
      'dropping connection',
    );
    try {
      this.options.transport.terminate();
    } catch {
      // The socket was already gone; dropping it is all we wanted.
    }
    this.transportClosed();
  }

  /** Called by the transport when the socket has closed, whoever closed it. */
  transportClosed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.queued = null;
    this.presences.stop();
    this.room?.leave(this);
    this.options.onClose(this);
  }

  private handle(data: Uint8Array): void {
    const room = this.room;
    if (!room) return;
    try {
      const message = readClientMessage(data);
      switch (message.type) {
        case 'sync-step-1':
          room.answerSyncStep1(message.stateVector, this).catch((error: unknown) => this.refuse(error));
          break;
        case 'sync-step-2':
        case 'update':
          if (this.canWrite) room.applyUpdate(message.update, this);
          else this.options.logger.debug({ document: this.documentName }, 'dropped update from read-only connection');
          break;
        case 'awareness': {
          // Rate-limited after filtering: echoes of other presences cost the client nothing of its own rate.
          const entry = room.ownPresence(message.update, this);
          if (entry) this.presences.offer(entry);
          break;
        }
        case 'query-awareness':
          // The stock client never sends it over a socket; beyond an occasional one it only costs us answers.
          if (this.awarenessQueries.take()) room.sendAwareness(this);
          else this.options.logger.debug({ document: this.documentName }, 'ignored query-awareness over its rate');
          break;
      }
    } catch (error) {
      this.refuse(error);
    }
  }

  private refuse(error: unknown): void {
    if (error instanceof ProtocolError) {
      this.close(CloseCode.malformedMessage, error.message);
    } else if (error instanceof DocumentFullError) {
      this.close(CloseCode.documentTooLarge, error.message);
    } else {
      this.options.logger.error({ err: error, document: this.documentName }, 'failed to handle message');
      this.close(CloseCode.internalError, 'internal error');
    }
  }
}

/** Whether a message to the client is a sync step 2: the answer to its sync step 1. */
function isSyncStep2(data: Uint8Array): boolean {
  return data[0] === messageSync && data[1] === syncStep2;
}
