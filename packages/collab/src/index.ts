export { CloseCode } from './close-codes.ts';
export type { Access, Connection, Transport } from './connection.ts';
export { type CollabLogger, silentLogger } from './logger.ts';
export type { CommitObserver } from './persistence.ts';
export { ProtocolError, readClientMessage } from './protocol.ts';
export { type RelayReceiver, type RoomRelay, relayOrigin } from './relay.ts';
export type { DocumentChange } from './room.ts';
export {
  CollabServer,
  type CollabServerOptions,
  type ConnectionInfo,
  type ConnectOptions,
  defaultLimits,
  serverOrigin,
} from './server.ts';
export { applyStoredState, encodeSnapshot, storedDocument } from './stored-state.ts';
