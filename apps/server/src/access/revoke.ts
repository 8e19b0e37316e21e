import { CloseCode } from '@klankbord/collab';
import { parseDocumentName } from '@klankbord/domain';
import { listenForEndings, publishRevocation } from '../cluster/revoke-relay.ts';
import type { Deps, Principal } from '../env.ts';

/**
 * Which open collaboration sockets and event streams an ending concerns. Every field given must match; a
 * selector with none matches nothing (never everything by accident).
 */
export interface Selector {
  /** One session (`session:<hash>`) or API token (`token:<id>`). */
  credential?: string;
  /** Everything a person opened, with any credential. */
  userId?: number;
  /** Only this kind of credential (a password reset ends sessions, not API tokens). */
  via?: 'session' | 'token';
  /** Keep this credential open (the session that changed its own password). */
  exceptCredential?: string;
  /** Only what belongs to this network (its documents, its event stream). */
  network?: { id: number; slug: string };
  /** Only sockets on these documents (a voorbeeld's description, a meeting's documents). */
  documents?: ReadonlySet<string>;
}

/**
 * How it ends. `end`: the credential, membership or object is gone; the stock client takes the close as final
 * (4403). `reauthorise`: what may be done changed (a new role, a new status); the client reconnects at once and
 * is authorised afresh (4001). Event streams always close; the web app reopens them and is authorised afresh.
 */
export type Ending = 'end' | 'reauthorise';

const hasCriteria = (selector: Selector) => Object.values(selector).some((value) => value !== undefined);

function credentialMatches(selector: Selector, credential: string | undefined, userId: number | undefined): boolean {
  if (selector.credential !== undefined && credential !== selector.credential) return false;
  if (selector.exceptCredential !== undefined && credential === selector.exceptCredential) return false;
  if (selector.via !== undefined && !credential?.startsWith(`${selector.via}:`)) return false;
  return selector.userId === undefined || userId === selector.userId;
}

const userOfClientKey = (clientKey: string) =>
  clientKey.startsWith('user:') ? Number(clientKey.slice('user:'.length)) : undefined;

/**
 * The one revocation: ends every collaboration socket and every event stream the selector names, on this
 * instance and (through the bus) on every other. Used when a credential ends (sign-out, password change or
 * reset, token revoked or expired), a membership or role changes, a meeting's status or a verslag's finality
 * changes, and a voorbeeld changes hands or goes. Returns what it ended here.
 */
export function revoke(
  deps: Pick<Deps, 'collab' | 'live' | 'bus'>,
  selector: Selector,
  ending: Ending,
  reason: string,
): { sockets: number; streams: number } {
  if (!hasCriteria(selector)) return { sockets: 0, streams: 0 };
  publishRevocation(deps.bus, selector, ending, reason);
  return revokeHere(deps, selector, ending, reason);
}

/** The part of a revocation that every instance runs for its own sockets and streams. */
function revokeHere(
  deps: Pick<Deps, 'collab' | 'live'>,
  selector: Selector,
  ending: Ending,
  reason: string,
): { sockets: number; streams: number } {
  if (!hasCriteria(selector)) return { sockets: 0, streams: 0 };
  const code = ending === 'end' ? CloseCode.accessRevoked : CloseCode.accessChanged;
  const sockets = deps.collab.closeConnections(
    (connection) =>
      credentialMatches(selector, connection.credential, userOfClientKey(connection.clientKey)) &&
      (selector.network === undefined || parseDocumentName(connection.documentName)?.scope === selector.network.slug) &&
      (selector.documents === undefined || selector.documents.has(connection.documentName)),
    code,
    reason,
  );
  // An event stream is on a network, not on a document: a selector of documents leaves streams alone.
  const streams =
    selector.documents === undefined
      ? deps.live.close(
          (stream) =>
            credentialMatches(selector, stream.credential, stream.userId) &&
            (selector.network === undefined || stream.networkId === selector.network.id),
        )
      : 0;
  return { sockets, streams };
}

/**
 * Runs on this instance what the other instances end: their revocations, and the eviction of documents they
 * deleted (see documents.ts). Returns the function that stops listening.
 */
export function listenForRevocations(deps: Pick<Deps, 'collab' | 'live' | 'bus' | 'logger'>): () => void {
  return listenForEndings(
    deps.bus,
    {
      revoke: (selector, ending, reason) => void revokeHere(deps, selector, ending, reason),
      evict: (documents) => deps.collab.evict(documents),
    },
    deps.logger,
  );
}

// setTimeout takes at most 2^31-1 ms (about 24.8 days); a longer wait is taken in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Ends what a credential opened when the credential itself expires (an API token's expiry), also while it is
 * open: calls `expire` at that moment. Returns the function that stops watching (call it on close).
 */
export function watchExpiry(principal: Principal, expire: () => void): () => void {
  const expiresAt = principal.expiresAt;
  if (expiresAt === null) return () => {};
  let timer: NodeJS.Timeout;
  const wait = () => {
    const left = expiresAt - Date.now();
    if (left <= 0) {
      expire();
      return;
    }
    timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  wait();
  return () => clearTimeout(timer);
}
