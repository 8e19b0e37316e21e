import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './connection.ts';
import { createNetwork } from './networks.ts';
import {
  countSearchEntries,
  indexSearchEntry,
  removeSearchEntry,
  type SearchEntry,
  type SearchTerm,
  searchEntries,
} from './search.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';

// The stems are given as the search package would make them; this tests the index, not the stemmer.
function entry(networkId: number, ref: string, title: string, body: string, partStems = ''): SearchEntry {
  return {
    networkId,
    meetingId: null,
    kind: 'statement',
    ref,
    title,
    body,
    titleStems: title,
    bodyStems: body,
    partStems,
  };
}
const word = (stem: string, parts: string[] = []): SearchTerm => ({ kind: 'word', stem, parts });

describe('the search index', () => {
  let database: TestDatabase;
  let db: Db;
  let ngs: number;
  let other: number;

  beforeEach(async () => {
    database = await openTestDatabase();
    db = database.db;
    ngs = (await createNetwork(db, { slug: 'ngs', name: 'NGS', purpose: '' }))!.id;
    other = (await createNetwork(db, { slug: 'anders', name: 'Anders', purpose: '' }))!.id;
  });
  afterEach(async () => {
    await database.close();
  });

  // Statements without a meeting are what these tests index; a member who may see them in the given networks.
  const statements = [{ kind: 'statement', refPrefix: null, statuses: [null] }];
  const findTerms = (terms: SearchTerm[], networkIds = [ngs]) =>
    searchEntries(db, { terms, scopes: [{ networkIds, visible: statements }], limit: 10 }).then((hits) =>
      hits.map((hit) => hit.ref),
    );
  const find = (stems: string[], networkIds = [ngs]) =>
    findTerms(
      stems.map((stem) => word(stem)),
      networkIds,
    );

  it('finds entries by prefix, title matches first, only in the networks asked for', async () => {
    await indexSearchEntry(db, entry(ngs, '1', 'meldpunt', 'verward person in de wijk'));
    await indexSearchEntry(db, entry(ngs, '2', 'verward person', 'aanpak'));
    await indexSearchEntry(db, entry(other, '3', 'verward person', 'elders'));
    expect(await find(['verw'])).toEqual(['2', '1']);
    expect(await find(['verw'], [other])).toEqual(['3']);
    expect(await find(['verw'], [])).toEqual([]);
  });

  it('replaces an entry when it changes and forgets it when it goes', async () => {
    await indexSearchEntry(db, entry(ngs, '1', 'vuurwerk', 'oud en nieuw'));
    await indexSearchEntry(db, entry(ngs, '1', 'carbid', 'oud en nieuw'));
    expect(await find(['vuurwerk'])).toEqual([]);
    expect(await find(['carbid'])).toEqual(['1']);
    expect(await countSearchEntries(db)).toBe(1);
    await removeSearchEntry(db, 'statement', '1');
    expect(await find(['carbid'])).toEqual([]);
    expect(await countSearchEntries(db)).toBe(0);
  });

  it('counts its limit in the entries the scopes let through, by kind, ref prefix and network', async () => {
    for (let i = 0; i < 12; i++) {
      await indexSearchEntry(db, { ...entry(ngs, `comment:1:${i}`, 'carbid', ''), kind: 'message' });
    }
    await indexSearchEntry(db, { ...entry(ngs, 'example:2:1', 'carbid', 'ook'), kind: 'message' });
    await indexSearchEntry(db, { ...entry(other, 'example:3:1', 'carbid', 'ook'), kind: 'message' });
    const examples = [{ kind: 'message', refPrefix: 'example:', statuses: [null] }];
    const hits = await searchEntries(db, {
      terms: [word('carbid')],
      scopes: [{ networkIds: [ngs], visible: examples }],
      limit: 10,
    });
    expect(hits.map((hit) => hit.ref)).toEqual(['example:2:1']);
    expect(await searchEntries(db, { terms: [word('carbid')], scopes: [], limit: 10 })).toEqual([]);
  });

  it('keeps networks apart when one id begins another (1 and 12), and needs every stem', async () => {
    const ids = [ngs, other];
    while (!ids.includes(12))
      ids.push((await createNetwork(db, { slug: `n${ids.length}`, name: 'N', purpose: '' }))!.id);
    expect(ngs).toBe(1);
    await indexSearchEntry(db, entry(12, '1', 'carbid', 'schieten in de wijk'));
    await indexSearchEntry(db, entry(ngs, '2', 'carbid', 'melkbus'));
    expect(await find(['carbid'], [ngs])).toEqual(['2']);
    expect(await find(['carbid'], [12])).toEqual(['1']);
    expect(await find(['carbid', 'wijk'], [ngs, 12])).toEqual(['1']);
    expect(await find(['2_carbid'], [1])).toEqual([]);
  });

  it('reads only letters and digits as stems, never FTS5 syntax', async () => {
    await indexSearchEntry(db, entry(ngs, '1', 'carbid', 'oud en nieuw'));
    expect(await find(['carbid', '"', 'x" OR "1', '*'])).toEqual(['1']);
    expect(await find(['" OR 1'])).toEqual([]);
  });

  it('finds a phrase only with its words next to each other, in this order', async () => {
    await indexSearchEntry(db, entry(ngs, '1', 'zorg', 'verward person in de wijk'));
    await indexSearchEntry(db, entry(ngs, '2', 'zorg', 'person die verward'));
    const phrase: SearchTerm = { kind: 'phrase', stems: ['verward', 'person'] };
    expect(await findTerms([phrase])).toEqual(['1']);
    expect(await find(['verward', 'person'])).toHaveLength(2);
  });

  it('finds a compound by its parts written apart next to each other, and the parts by the compound', async () => {
    await indexSearchEntry(db, entry(ngs, '1', 'cameratoezicht', 'in de wijk', 'camera toezicht'));
    await indexSearchEntry(db, entry(ngs, '2', 'station', 'meer camera toezicht op het station'));
    await indexSearchEntry(db, entry(ngs, '3', 'camera', 'en elders toezicht'));
    await indexSearchEntry(db, entry(ngs, '4', 'camera', 'zonder meer'));
    expect((await find(['camera', 'toezicht'])).sort()).toEqual(['1', '2', '3']);
    // The compound: itself, or its parts next to each other (not anywhere in the entry: that cost precision).
    expect((await findTerms([word('cameratoezicht', ['camera', 'toezicht'])])).sort()).toEqual(['1', '2']);
    expect((await findTerms([{ kind: 'phrase', stems: ['camera', 'toezicht'] }])).sort()).toEqual(['1', '2']);
  });

  it('filters by kind, netwerkdag and year', async () => {
    const meeting = async (title: string, date: string) =>
      (
        await db
          .insertInto('meetings')
          .values({
            network_id: ngs,
            title,
            dates: JSON.stringify([date]),
            first_date: date,
            format: 'in-person',
            host_organisation_id: null,
            status: 'closed',
            created_by: null,
            created_at: 0,
            updated_at: 0,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const emmen = await meeting('Netwerkdag Emmen', '2017-11-01');
    const leeuwarden = await meeting('Netwerkdag Leeuwarden', '2015-11-19');
    await indexSearchEntry(db, { ...entry(ngs, '1', 'carbid', ''), meetingId: emmen });
    await indexSearchEntry(db, { ...entry(ngs, '2', 'carbid', ''), meetingId: leeuwarden, kind: 'theme' });
    await indexSearchEntry(db, entry(ngs, '3', 'carbid', ''));
    const visible = [
      { kind: 'statement', refPrefix: null, statuses: ['closed' as const, null] },
      { kind: 'theme', refPrefix: null, statuses: ['closed' as const] },
    ];
    const refs = (filter: object) =>
      searchEntries(db, { terms: [word('carbid')], scopes: [{ networkIds: [ngs], visible }], limit: 10, filter }).then(
        (hits) => hits.map((hit) => hit.ref).sort(),
      );
    expect(await refs({})).toEqual(['1', '2', '3']);
    expect(await refs({ kinds: ['theme'] })).toEqual(['2']);
    expect(await refs({ year: 2017 })).toEqual(['1']);
    expect(await refs({ year: 2016 })).toEqual([]);
    expect(await refs({ meetingId: leeuwarden })).toEqual(['2']);
    const [hit] = await searchEntries(db, {
      terms: [word('carbid')],
      scopes: [{ networkIds: [ngs], visible }],
      limit: 1,
      filter: { meetingId: emmen },
    });
    expect(hit).toMatchObject({ meetingTitle: 'Netwerkdag Emmen', meetingDate: '2017-11-01' });
  });
});
