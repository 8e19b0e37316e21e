/** A member's live event stream (GET /api/networks/:slug/events), read as server-sent events. */
export interface EventStream {
  status: number;
  events: { event: string; data: Record<string, unknown> }[];
  /** Resolves when the server has ended the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens a network's event stream with an API token (or a browser's session cookie) and collects its events. */
export async function openEventStream(
  httpUrl: string,
  slug: string,
  credential: string | { session: string },
): Promise<EventStream> {
  const controller = new AbortController();
  const auth =
    typeof credential === 'string'
      ? { authorization: `Bearer ${credential}` }
      : { cookie: `klankbord_session=${credential.session}` };
  const response = await fetch(`${httpUrl}/api/networks/${slug}/events`, {
    headers: { ...auth, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const events: EventStream['events'] = [];
  const ended = (async () => {
    if (!response.ok || !response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted by close(): the stream ends here.
    }
  })();
  return { status: response.status, events, ended, close: () => controller.abort() };
}
