/**
 * What crosses between server instances that serve the same documents (Redis on a scale-out; nothing on one
 * instance). Only committed updates are relayed, so another instance shows an edit only once it is durable, and
 * what a relay loses is found again in the database (Room.reconcile): a relay is fast, the database is the truth.
 */
export interface RoomRelay {
  /**
   * Starts receiving the other instances' messages for a document, until the returned function is called. Resolves
   * once messages sent from then on will arrive, so that a room reads the database only after that.
   */
  join(documentName: string, receiver: RelayReceiver): Promise<() => void>;
  /** Sends an update that this instance has committed. */
  publishUpdate(documentName: string, update: Uint8Array): void;
  /** Sends presences of this instance's members (a y-protocols awareness update). */
  publishAwareness(documentName: string, update: Uint8Array): void;
  /** Asks every instance holding the document to compare it with the database (after this one missed messages). */
  publishReconcile(documentName: string): void;
}

/** What a room does with another instance's messages. */
export interface RelayReceiver {
  update(update: Uint8Array): void;
  awareness(update: Uint8Array): void;
  reconcile(): void;
}

/** The origin of what a room applies from another instance or from the database, so it is not relayed back. */
export const relayOrigin: unique symbol = Symbol('klankbord-relay');
