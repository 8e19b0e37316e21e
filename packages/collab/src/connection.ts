import { CloseCode } from './close-codes.ts';
import type { CollabLogger } from './logger.ts';
import { ProtocolError, readClientMessage } from './protocol.ts';
import type { Room, RoomMember } from './room.ts';

/** What a connection may do with its document; 'none' is refused before a connection exists. */
export type Access = 'none' | 'read' | 'write';

/** The socket underneath a connection, as the hosting server adapts it. */
export interface Transport {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface ConnectionOptions {
  documentName: string;
  access: Exclude<Access, 'none'>;
  clientKey: string;
  credential?: string | undefined;
  transport: Transport;
  maxMessageBytes: number;
  logger: CollabLogger;
  onClose: (connection: Connection) => void;
}

/**
 * One client's socket on one document. Messages that arrive while the document is still loading
 * are queued and handled, in order, once it is ready. Any message that breaks the protocol closes
 * this connection, logged with its reason; it never reaches the document.
 */
export class Connection implements RoomMember {
  readonly awarenessIds = new Set<number>();
  private room: Room | null = null;
  private queued: Uint8Array[] | null = [];
  private queuedBytes = 0;
  private isClosed = false;

  constructor(private readonly options: ConnectionOptions) {}

  get documentName(): string {
    return this.options.documentName;
  }

  get clientKey(): string {
    return this.options.clientKey;
  }

  get credential(): string | undefined {
    return this.options.credential;
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
    if (data.byteLength > this.options.maxMessageBytes) {
      this.close(
        CloseCode.messageTooBig,
        `message of ${data.byteLength} bytes exceeds ${this.options.maxMessageBytes}`,
      );
      return;
    }
    if (this.queued) {
      this.queuedBytes += data.byteLength;
      if (this.queuedBytes > 4 * this.options.maxMessageBytes) {
        this.close(CloseCode.messageTooBig, 'too much data sent while the document was loading');
        return;
      }
      this.queued.push(data);
      return;
    }
    this.handle(data);
  }

  /** Sends to the client; a socket that is already gone is not an error. */
  send(data: Uint8Array): void {
    if (this.isClosed) return;
    try {
      this.options.transport.send(data);
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

  /** Called by the transport when the socket has closed, whoever closed it. */
  transportClosed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.queued = null;
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
        case 'awareness':
          room.applyAwareness(message.update, this);
          break;
        case 'query-awareness':
          room.sendAwareness(this);
          break;
      }
    } catch (error) {
      this.refuse(error);
    }
  }

  private refuse(error: unknown): void {
    if (error instanceof ProtocolError) {
      this.close(CloseCode.malformedMessage, error.message);
    } else {
      this.options.logger.error({ err: error, document: this.documentName }, 'failed to handle message');
      this.close(CloseCode.internalError, 'internal error');
    }
  }
}
