/** What a member tells the others in the same document: who they are, their colour, and what they are editing. */
export interface PresenceUser {
  id: number;
  name: string;
  color: string;
}

/** One person in a document, read from its awareness. */
export interface Peer {
  clientId: number;
  user: PresenceUser;
  /** The id of the thing (a programme item) they have open, or null. */
  editing: string | null;
  self: boolean;
}

// Dark enough for white text on them (a caret's name label) and for a 3:1 contrast of the caret on white.
const PALETTE = ['#8a1f11', '#0b5394', '#1e6b37', '#6f3c97', '#9c4a00', '#00606b', '#a3154a', '#4a5a13'];

/** A member's colour: always the same one for the same member, so people learn to recognise each other's. */
export function presenceColor(userId: number): string {
  return PALETTE[Math.abs(userId) % PALETTE.length]!;
}

function isPresenceUser(value: unknown): value is PresenceUser {
  if (typeof value !== 'object' || value === null) return false;
  const user = value as Record<string, unknown>;
  return typeof user.id === 'number' && typeof user.name === 'string' && typeof user.color === 'string';
}

/**
 * The people in a document from its awareness states, one entry per client, the viewer first. Anyone connected
 * can put anything in their awareness state, so what is not a well-formed user is left out.
 */
export function peersFrom(states: ReadonlyMap<number, Record<string, unknown>>, selfClientId: number): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of states) {
    if (!isPresenceUser(state.user)) continue;
    const user = { id: state.user.id, name: state.user.name.slice(0, 120), color: state.user.color };
    const editing = typeof state.editing === 'string' ? state.editing : null;
    peers.push({ clientId, user, editing, self: clientId === selfClientId });
  }
  return peers.sort((a, b) => Number(b.self) - Number(a.self) || a.user.name.localeCompare(b.user.name));
}
