/**
 * Why the server closes a collaboration socket. Codes 4000–4999 are free for applications;
 * the stock y-websocket client reconnects after any close, so these explain rather than steer.
 */
export const CloseCode = {
  /** The server is shutting down; the client should reconnect later. */
  goingAway: 1001,
  /** A message could not be decoded, had an unknown type, or held an invalid update. */
  malformedMessage: 1007,
  /** A message was larger than the configured maximum. */
  messageTooBig: 1009,
  /** Something went wrong on our side (the database refused a write, a document failed to load). */
  internalError: 1011,
  /** The client already has the maximum number of documents open. */
  tooManyDocuments: 4429,
  /** The connection's access was withdrawn (later issues: a member removed or their role lowered). */
  accessRevoked: 4403,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
