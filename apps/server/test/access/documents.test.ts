import { findDocument, findUserByEmail, loadDocumentState } from '@klankbord/db';
import { exampleDocumentName, NETWORK_NOTES_MAX } from '@klankbord/domain';
import { waitFor } from '@klankbord/testing';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { recordCloses, upgradeStatus } from '../api/support.ts';
import { tokens, useMembersServer } from '../programme/support.ts';
import { roundTrip } from '../support/clients.ts';
import { arrangeMember } from '../support/members.ts';

const ctx = useMembersServer();

describe('documents of a kind that is not registered', () => {
  it('are refused for every role, and nothing is stored', async () => {
    for (const name of ['anything:ngs:1', 'draft:ngs:2024', 'session:ngs:carbid', 'programme-x:ngs:1']) {
      for (const who of ['secretariaat', 'deelnemer', 'gast'] as const) {
        expect(await upgradeStatus(`${ctx.server.collabUrl}/${name}?token=${tokens[who]}`), `${who} ${name}`).toBe(401);
      }
      expect(await findDocument(ctx.server.db, name)).toBeUndefined();
    }
  });

  it('never lets a reader store a document by opening a new name', async () => {
    expect(await upgradeStatus(`${ctx.server.collabUrl}/notes:ngs:gast-opent?token=${tokens.gast}`)).toBe(401);
    expect(await findDocument(ctx.server.db, 'notes:ngs:gast-opent')).toBeUndefined();
    // Once a writer has made it, the gast reads it.
    expect(await upgradeStatus(`${ctx.server.collabUrl}/notes:ngs:gast-opent?token=${tokens.deelnemer}`)).toBe(101);
    await waitFor(async () => (await findDocument(ctx.server.db, 'notes:ngs:gast-opent')) !== undefined, 'the row');
    expect(await upgradeStatus(`${ctx.server.collabUrl}/notes:ngs:gast-opent?token=${tokens.gast}`)).toBe(101);
  });

  it('refuses a registered kind whose id points at nothing of that network', async () => {
    for (const name of ['programme:ngs:999999', 'report:ngs:999999', 'example:ngs:999999', 'session-notes:ngs:nope']) {
      expect(await upgradeStatus(`${ctx.server.collabUrl}/${name}?token=${tokens.secretariaat}`), name).toBe(401);
    }
  });

  it('bounds how many notes documents a network holds: writers may open existing ones, not a new one past the cap', async () => {
    // Fill the network up to the cap straight in the database, as earlier notes would have.
    const now = Date.now();
    const names = Array.from({ length: NETWORK_NOTES_MAX }, (_, i) => `notes:ngs:vol-${i}`);
    await ctx.server.db
      .insertInto('documents')
      .values(names.map((name) => ({ name, kind: 'notes', scope: 'ngs', created_at: now, updated_at: now })))
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    // A deelnemer still writes an existing one; a new one is refused, and nothing new is stored.
    const existing = await ctx.pool.connect('notes:ngs:vol-1', tokens.deelnemer);
    existing.doc.getText('t').insert(0, 'nog steeds');
    expect(await roundTrip(existing)).toBe('answered');
    expect(await upgradeStatus(`${ctx.server.collabUrl}/notes:ngs:een-te-veel?token=${tokens.deelnemer}`)).toBe(401);
    expect(await findDocument(ctx.server.db, 'notes:ngs:een-te-veel')).toBeUndefined();
    // Nor may a gast store one more by opening a new name.
    expect(await upgradeStatus(`${ctx.server.collabUrl}/notes:ngs:gast-opent-dit?token=${tokens.gast}`)).toBe(401);
    expect(await findDocument(ctx.server.db, 'notes:ngs:gast-opent-dit')).toBeUndefined();
  });
});

describe('a goed voorbeeld’s description', () => {
  const add = async (contactUserId: number | null) => {
    const response = await ctx.api('deelnemer').post('/api/networks/ngs/examples', {
      title: 'Buurtpreventie-app',
      contactUserId,
    });
    expect(response.status).toBe(201);
    return response.body.example.id as number;
  };

  it('closes a replaced contact’s writable socket, and they come back read-only', async () => {
    const { userId } = await arrangeMember(ctx.server.db, {
      email: 'contact@example.nl',
      role: 'deelnemer',
      token: 'kb_test-contact-person-0123456789',
    });
    const id = await add(userId);
    const contact = await ctx.pool.connect(exampleDocumentName('ngs', id), 'kb_test-contact-person-0123456789');
    const closes = recordCloses(contact);
    const other = (await findUserByEmail(ctx.server.db, 'programma-kbg@example.nl'))!.id;
    const changed = await ctx
      .api('deelnemer')
      .patch(`/api/examples/${id}`, { title: 'Buurtpreventie-app', contactUserId: other });
    expect(changed.status).toBe(200);
    await waitFor(() => closes.includes(4001), 'the former contact’s socket to be authorised afresh');
    await waitFor(() => contact.provider.synced, 'the former contact to reconnect');
    contact.doc.getXmlFragment('description').insert(0, [new Y.XmlText('niet meer van mij')]);
    await roundTrip(contact);
    const stored = await findDocument(ctx.server.db, exampleDocumentName('ngs', id));
    const updates = stored ? (await loadDocumentState(ctx.server.db, stored.id)).updates.length : 0;
    expect(updates).toBe(0);
  });

  it('goes with the voorbeeld: its sockets end and its document, log and snapshot leave the database', async () => {
    const id = await add(null);
    const name = exampleDocumentName('ngs', id);
    const writer = await ctx.pool.connect(name, tokens.deelnemer);
    const closes = recordCloses(writer);
    writer.doc.getXmlFragment('description').insert(0, [new Y.XmlText('Zo werkt het in Tilburg')]);
    expect(await roundTrip(writer)).toBe('answered');
    expect(await findDocument(ctx.server.db, name)).toBeDefined();
    expect((await ctx.api('deelnemer').delete(`/api/examples/${id}`)).status).toBe(204);
    await waitFor(() => closes.includes(4403), 'the socket on the deleted voorbeeld to end');
    expect(await findDocument(ctx.server.db, name)).toBeUndefined();
    const orphans = await ctx.server.db
      .selectFrom('document_updates')
      .leftJoin('documents', 'documents.id', 'document_updates.document_id')
      .select('document_updates.id')
      .where('documents.id', 'is', null)
      .execute();
    expect(orphans).toEqual([]);
    expect(await upgradeStatus(`${ctx.server.collabUrl}/${name}?token=${tokens.deelnemer}`)).toBe(401);
  });
});
