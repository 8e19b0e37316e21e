import { type AwarenessEntry, readAwarenessEntries } from './protocol.ts';

/** A connection as the awareness guard sees it. */
export interface PresenceHolder {
  /** Who is behind the connection: the same client may take over its own presence from a socket not yet known dead. */
  readonly clientKey: string;
  /** The account's name, which replaces whatever name the client put in its presence; none in tests of the core. */
  readonly displayName: string | undefined;
}

export interface PresenceLimits {
  /** Largest state of one presence, in bytes of JSON; larger ones are dropped. */
  maxStateBytes: number;
  /** Most presences a room holds at once. */
  maxPresences: number;
}

/**
 * Who speaks for which awareness client id in one room. A connection owns one id: the first it publishes with a
 * state that nobody else owns. Everything else it sends is ignored, silently, because the stock client echoes
 * every presence it receives — so a socket can neither remove nor overwrite another's presence, nor publish
 * thousands of its own. The name in a presence is the account's, so nobody can appear as someone else.
 */
export class AwarenessGuard<Holder extends PresenceHolder> {
  private readonly owners = new Map<number, Holder>();
  private readonly claims = new Map<Holder, number>();
  /**
   * Who last owned an id that is free again (its socket closed): only the same client may take it back. Without
   * this, another socket could claim the id of someone reconnecting (after a role change, say) in between, and
   * the stock client would take that presence for its own. Bounded: the oldest are forgotten first.
   */
  private readonly formerOwners = new Map<number, string>();

  constructor(private readonly limits: PresenceLimits) {}

  /**
   * The entry of an awareness update that `holder` may publish, with the account's name set, or null when the
   * update holds nothing of its own. Throws ProtocolError when the update is malformed.
   */
  accept(update: Uint8Array, holder: Holder): AwarenessEntry | null {
    // Only the holder's own entry is parsed: whether it may publish one is decided from the id alone.
    const own = readAwarenessEntries(update, this.limits.maxStateBytes, (clientId, removal) =>
      this.mayPublish(clientId, removal, holder),
    );
    const accepted = own.at(-1) ?? null;
    if (!accepted || accepted.state === 'null') return accepted;
    const state = withName(accepted.state, holder.displayName);
    return state === null ? null : { ...accepted, state };
  }

  /** Forgets what `holder` owned (it left the room) and returns the id whose presence must now be removed. */
  release(holder: Holder): number | undefined {
    const id = this.claims.get(holder);
    if (id === undefined) return undefined;
    this.claims.delete(holder);
    this.owners.delete(id);
    this.formerOwners.delete(id);
    this.formerOwners.set(id, holder.clientKey);
    if (this.formerOwners.size > 4 * this.limits.maxPresences) {
      const oldest = this.formerOwners.keys().next().value;
      if (oldest !== undefined) this.formerOwners.delete(oldest);
    }
    return id;
  }

  private mayPublish(clientId: number, removal: boolean, holder: Holder): boolean {
    const claimed = this.claims.get(holder);
    if (claimed !== undefined) return clientId === claimed;
    // A removal for an id nobody owns changes nothing in the room, and must not make that id this socket's.
    if (removal) return false;
    const owner = this.owners.get(clientId);
    if (owner && owner.clientKey !== holder.clientKey) return false;
    const former = this.formerOwners.get(clientId);
    if (!owner && former !== undefined && former !== holder.clientKey) return false;
    if (!owner && this.owners.size >= this.limits.maxPresences) return false;
    // A client reconnecting before its old socket is known dead takes its presence over.
    if (owner) this.claims.delete(owner);
    this.owners.set(clientId, holder);
    this.claims.set(holder, clientId);
    return true;
  }
}

/** The state with `user.name` replaced by `name` (keeping the colour and the rest); null if it is no object. */
function withName(state: string, name: string | undefined): string | null {
  if (name === undefined) return state;
  const parsed: unknown = JSON.parse(state);
  if (!isObject(parsed)) return null;
  const user = isObject(parsed.user) ? parsed.user : {};
  return JSON.stringify({ ...parsed, user: { ...user, name } });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
