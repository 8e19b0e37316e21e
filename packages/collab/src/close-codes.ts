/**
 * Why the server closes a collaboration socket. Codes 4000–4999 are free for applications. The stock
 * y-websocket client (v3) reconnects after any close except 4400–4499, which it takes as final, like HTTP 4xx.
 */
export const CloseCode = {
  /**
   * The server is shutting down (SIGTERM, also when it drains behind a load balancer). Outside 4400–4499, so the
   * stock client reconnects at once, and lands on another instance.
   */
  goingAway: 1001,
  /** A message could not be decoded, had an unknown type, or held an invalid update. */
  malformedMessage: 1007,
  /** A message was larger than the configured maximum. */
  messageTooBig: 1009,
  /** Something went wrong on our side (the database refused a write, a document failed to load). */
  internalError: 1011,
  /** The client's access changed (a new role): it reconnects and is authorised afresh. */
  accessChanged: 4001,
  /**
   * The document has the maximum number of connections; the stock client tries again with its backoff (up to 2.5 s).
   * 1013 is RFC 6455's "try again later", outside 4400–4499, so the stock client does not give up.
   */
  documentFull: 1013,
  /**
   * The client did not read what was sent to it: more than maxBufferedBytes were waiting in its socket. The socket is
   * dropped at once, without a close frame, since that frame would wait behind the backlog that the server must
   * free; the client sees 1006 and, like after any code outside 4400–4499, reconnects and resyncs. 4008 (after
   * HTTP 408) names the reason in the server's log.
   */
  slowConsumer: 4008,
  /**
   * The client's update would make the document larger than maxDocumentBytes; nothing of it was applied. Final
   * (4400–4499), since the stock client would only send the same update again on reconnecting.
   */
  documentTooLarge: 4413,
  /** The client already has the maximum number of documents open; final. */
  tooManyDocuments: 4429,
  /** The connection's access was withdrawn (removed from the network, signed out, token revoked); final. */
  accessRevoked: 4403,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
