import { CloseCode } from '@klankbord/collab';
import { waitFor } from '@klankbord/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { recordCloses } from './api/support.ts';
import { type Client, connectClient, roundTrip } from './support/clients.ts';
import { useTestServer } from './support/use-server.ts';

describe('the size of one document', () => {
  const use = useTestServer(async () => undefined, { env: { COLLAB_MAX_DOCUMENT_BYTES: String(64 * 1024) } });
  const clients: Client[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });

  it('refuses a writer’s edit that would make the document larger than the maximum, for good, and keeps the rest', async () => {
    const writer = await connectClient(use.server.collabUrl, 'notes:ngs:groot');
    const reader = await connectClient(use.server.collabUrl, 'notes:ngs:groot');
    clients.push(writer, reader);
    const closes = recordCloses(writer);
    writer.text.insert(0, 'Afspraken van de werkgroep. ');
    expect(await roundTrip(writer)).toBe('answered');
    writer.text.insert(writer.text.length, 'ondermijning '.repeat(10_000));
    await waitFor(() => closes.includes(CloseCode.documentTooLarge), 'the writer to be refused');
    // Final for the stock client: it does not come back to send the same edit again.
    expect(writer.provider.shouldConnect).toBe(false);
    expect(await roundTrip(reader)).toBe('answered');
    expect(reader.text.toString()).toBe('Afspraken van de werkgroep. ');
  });
});
