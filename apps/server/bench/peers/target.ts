/** Which server a client talks to and how it names rooms there; small, because the driver processes load it. */
export const PEERS = ['reference', 'hocuspocus', 'klankbord'] as const;
export type Peer = (typeof PEERS)[number];

/** What a driver needs to reach a room on a server: the client kind, the URL and the room's name there. */
export interface Target {
  peer: Peer;
  /** The URL the client library is given (y-websocket appends the room; Hocuspocus names it in its messages). */
  url: string;
  /** Query parameters of every connection (our server's token). */
  params: Record<string, string>;
  /**
   * Prefixes of room names, one chosen per room by its trailing number (`room-7` → prefixes[7 % length]). Ours
   * names rooms `notes:<network>:<room>` and holds at most NETWORK_NOTES_MAX notes per network, so the bench's
   * 1,000 rooms are spread over several networks.
   */
  prefixes: string[];
}

/** The name a client of `target` uses for the bench room `room`. */
export function roomName(target: Target, room: string): string {
  const index = Number(/(\d+)$/.exec(room)?.[1] ?? 0);
  return `${target.prefixes[index % target.prefixes.length]}${room}`;
}
