import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from './connection.ts';
import { createNetwork } from './networks.ts';
import { countSearchEntries, indexSearchEntry, removeSearchEntry, type SearchEntry, searchEntries } from './search.ts';

// The stems are given as the search package would make them; this tests the index, not the stemmer.
function entry(networkId: number, ref: string, title: string, body: string): SearchEntry {
  return { networkId, meetingId: null, kind: 'statement', ref, title, body, titleStems: title, bodyStems: body };
}

describe('the search index', () => {
  let dir: string;
  let db: Db;
  let ngs: number;
  let other: number;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'klankbord-db-'));
    db = await openDatabase({ file: join(dir, 'klankbord.sqlite') });
    ngs = (await createNetwork(db, { slug: 'ngs', name: 'NGS', purpose: '' }))!.id;
    other = (await createNetwork(db, { slug: 'anders', name: 'Anders', purpose: '' }))!.id;
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  // Statements without a meeting are what these tests index; a member who may see them in the given networks.
  const statements = [{ kind: 'statement', refPrefix: null, statuses: [null] }];
  const find = (stems: string[], networkIds = [ngs]) =>
    searchEntries(db, { stems, scopes: [{ networkIds, visible: statements }], limit: 10 }).then((hits) =>
      hits.map((hit) => hit.ref),
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
      stems: ['carbid'],
      scopes: [{ networkIds: [ngs], visible: examples }],
      limit: 10,
    });
    expect(hits.map((hit) => hit.ref)).toEqual(['example:2:1']);
    expect(await searchEntries(db, { stems: ['carbid'], scopes: [], limit: 10 })).toEqual([]);
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
});
