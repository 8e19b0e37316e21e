import { exampleInput } from '@klankbord/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './connection.ts';
import {
  createExample,
  exampleStatistics,
  findExample,
  listExamples,
  listExampleTags,
  setExampleMark,
  setTagCurated,
  updateExample,
} from './examples.ts';
import { createNetwork } from './networks.ts';
import { ensureOrganisation } from './organisations.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';
import { createUser } from './users.ts';

describe('goede voorbeelden', () => {
  let database: TestDatabase;
  let db: Db;
  let networkId: number;
  let userId: number;
  let tilburg: number;

  beforeEach(async () => {
    database = await openTestDatabase();
    db = database.db;
    networkId = (await createNetwork(db, { slug: 'ngs', name: 'NGS', purpose: '' }))!.id;
    userId = (await createUser(db, { email: 'a@example.nl', name: 'Anna', organisationId: null, passwordHash: 'x' }))!
      .id;
    tilburg = (await ensureOrganisation(db, { name: 'Gemeente Tilburg', shortName: 'Tilburg', kind: 'municipality' }))
      .id;
  });
  afterEach(async () => {
    await database.close();
  });

  const add = (fields: Record<string, unknown>, now = Date.now()) =>
    createExample(db, { networkId, input: exampleInput.parse(fields), createdBy: userId }, now);

  it('keeps one tag per name whatever its case, suggested until the secretariat curates it', async () => {
    const id = await add({
      title: 'Meldpunt verward gedrag',
      organisationId: tilburg,
      tags: ['Zorg', 'zorg ', 'Wijk'],
    });
    await add({ title: 'Buurtpreventie-app', tags: ['ZORG'] });
    const tags = await listExampleTags(db, networkId);
    expect(tags.map((tag) => [tag.name, tag.examples, tag.curated])).toEqual([
      ['Wijk', 1, false],
      ['Zorg', 2, false],
    ]);
    expect(await setTagCurated(db, networkId, tags[1]!.id, true)).toBe(true);
    expect((await listExampleTags(db, networkId))[0]).toMatchObject({ name: 'Zorg', curated: true });
    const example = await findExample(db, id, userId);
    expect(example).toMatchObject({ title: 'Meldpunt verward gedrag', organisation: { name: 'Gemeente Tilburg' } });
  });

  it('filters by tag, city, status and year, sorts by marks, and counts for the charts', async () => {
    const old = await add({ title: 'Cameratoezicht', status: 'proven', tags: ['Toezicht'] }, Date.UTC(2024, 5, 1));
    const recent = await add({
      title: 'Preventie ondermijning',
      organisationId: tilburg,
      status: 'pilot',
      tags: ['Ondermijning'],
    });
    await setExampleMark(db, old, userId, true);
    await setExampleMark(db, old, userId, true);
    const titles = async (options: Parameters<typeof listExamples>[2]) =>
      (await listExamples(db, networkId, options)).map((example) => example.title);
    expect(await titles({ viewerId: userId })).toEqual(['Preventie ondermijning', 'Cameratoezicht']);
    expect(await titles({ viewerId: userId, sort: 'marked' })).toEqual(['Cameratoezicht', 'Preventie ondermijning']);
    expect(await titles({ viewerId: userId, filter: { year: 2024 } })).toEqual(['Cameratoezicht']);
    expect(await titles({ viewerId: userId, filter: { status: 'pilot' } })).toEqual(['Preventie ondermijning']);
    expect(await titles({ viewerId: userId, filter: { organisationId: tilburg } })).toEqual(['Preventie ondermijning']);
    const tag = (await listExampleTags(db, networkId)).find((t) => t.name === 'Toezicht')!;
    expect(await titles({ viewerId: userId, filter: { tagId: tag.id } })).toEqual(['Cameratoezicht']);
    expect((await findExample(db, old, userId))?.marks).toBe(1);
    expect((await findExample(db, old, userId))?.markedByViewer).toBe(true);

    const stats = await exampleStatistics(db, networkId);
    expect(stats.byYear.map((row) => row.year)).toEqual([2024, new Date().getUTCFullYear()]);
    expect(stats.byOrganisation).toEqual([{ id: tilburg, name: 'Gemeente Tilburg', count: 1 }]);
    expect(stats.byTag.map((row) => row.name).sort()).toEqual(['Ondermijning', 'Toezicht']);

    await updateExample(db, recent, exampleInput.parse({ title: 'Preventie ondermijning', tags: [] }));
    expect((await findExample(db, recent))?.tags).toEqual([]);
  });
});
