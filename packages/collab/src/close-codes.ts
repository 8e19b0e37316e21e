/**
 * Why the server closes a collaboration socket. Codes 4000–4999 are free for applications. The stock
 * y-websocket client (v3) reconnects after any close except 4400–4499, which it takes as final, like HTTP 4xx.
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
  /** The client's access changed (a new role): it reconnects and is authorised afresh. */
  accessChanged: 4001,
  /** The client already has the maximum number of documents open; final. */
  tooManyDocuments: 4429,
  /** The connection's access was withdrawn (removed from the network, signed out, token revoked); final. */
  accessRevoked: 4403,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
