import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type Peer, type PresenceUser, peersFrom, presenceColor } from './presence.ts';

/** What the person sees about the link to the server. */
export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

/** The collaboration endpoint on the page's own host: the session cookie and the Origin check both need that. */
export function collabUrl(location: Pick<Location, 'protocol' | 'host'> = globalThis.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
}

/**
 * One shared document, open over the stock y-websocket provider for as long as a page shows it. Keeps the
 * connection status and the people present (awareness) as Svelte state. Call `destroy` when the page goes.
 */
export class CollabConnection {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly user: PresenceUser;
  status: ConnectionStatus = $state('connecting');
  /** True once the document holds what the server has; before that an empty document means nothing. */
  synced = $state(false);
  peers: Peer[] = $state.raw([]);

  constructor(documentName: string, member: { id: number; name: string }) {
    this.user = { id: member.id, name: member.name, color: presenceColor(member.id) };
    // No BroadcastChannel: two tabs of one browser would otherwise sync past the server, and past its read-only check.
    this.provider = new WebsocketProvider(collabUrl(), documentName, this.doc, { disableBc: true });
    const awareness = this.provider.awareness;
    awareness.setLocalStateField('user', this.user);
    this.provider.on('status', ({ status }) => {
      this.status = status === 'connected' ? 'connected' : status === 'connecting' ? 'connecting' : 'offline';
    });
    this.provider.on('connection-error', () => {
      this.status = 'offline';
    });
    this.provider.on('sync', (isSynced) => {
      if (isSynced) this.synced = true;
    });
    awareness.on('change', this.#readPeers);
    this.#readPeers();
  }

  /** Tells the others which item this person has open (null: none). */
  setEditing(id: string | null): void {
    this.provider.awareness.setLocalStateField('editing', id);
  }

  /** Leaves the document: the others see this person go at once, not after the awareness timeout. */
  destroy(): void {
    this.provider.awareness.off('change', this.#readPeers);
    this.provider.destroy();
    this.doc.destroy();
  }

  #readPeers = (): void => {
    const states = this.provider.awareness.getStates() as Map<number, Record<string, unknown>>;
    this.peers = peersFrom(states, this.doc.clientID);
  };
}
