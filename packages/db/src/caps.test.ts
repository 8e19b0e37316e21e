import { MAX_TOPICS_PER_NETWORK } from '@klankbord/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAttachment, networkAttachmentBytes } from './attachments.ts';
import type { Db } from './connection.ts';
import { createNetwork } from './networks.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';
import { createTopic, listTopics } from './topics.ts';

// A cap is counted and then written in one transaction. On PostgreSQL the pool runs several such transactions at
// once (READ COMMITTED), so without a lock they would all count below the cap and all write: these fire requests
// together and check that the cap holds on both databases.
describe('caps under concurrent requests', () => {
  let database: TestDatabase;
  let db: Db;
  let networkId: number;

  beforeEach(async () => {
    database = await openTestDatabase();
    db = database.db;
    networkId = (await createNetwork(db, { slug: 'ngs', name: 'NGS', purpose: '' }))!.id;
  });
  afterEach(async () => {
    await database.close();
  });

  it('never lets a network pass its number of topics, however many are created at once', async () => {
    for (let i = 0; i < MAX_TOPICS_PER_NETWORK - 2; i++) {
      await createTopic(db, networkId, { name: `Onderwerp ${i}`, themeIds: [] });
    }
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createTopic(db, networkId, { name: `Tegelijk ${i}`, themeIds: [] })),
    );
    expect(results.filter((result) => result === 'tooMany')).toHaveLength(6);
    expect(await listTopics(db, networkId)).toHaveLength(MAX_TOPICS_PER_NETWORK);
  });

  it('never lets a network pass its attachment quota with uploads at once', async () => {
    const upload = (i: number) =>
      addAttachment(
        db,
        {
          networkId,
          targetKind: 'meeting',
          targetId: 1,
          name: `bestand-${i}.pdf`,
          contentType: 'application/pdf',
          size: 100,
          storageKey: `key-${i}`,
          createdBy: null,
        },
        250,
      );
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => upload(i)));
    expect(results.filter((result) => result !== undefined)).toHaveLength(2);
    expect(await networkAttachmentBytes(db, networkId)).toBe(200);
  });
});
