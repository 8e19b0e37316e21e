import { MAX_IGNORED_SUGGESTIONS } from '@klankbord/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './connection.ts';
import { createMeeting } from './meetings.ts';
import { createNetwork } from './networks.ts';
import { openTestDatabase, type TestDatabase } from './test-database.ts';
import { createTheme, setThemeChosen } from './themes.ts';
import {
  assignTheme,
  createTopic,
  ignoreSuggestion,
  listIgnoredSuggestions,
  listTimelineThemes,
  listTopics,
  mergeTopics,
} from './topics.ts';

describe('recurring topics', () => {
  let database: TestDatabase;
  let db: Db;
  let networkId: number;
  let themeIds: number[];

  beforeEach(async () => {
    database = await openTestDatabase();
    db = database.db;
    networkId = (await createNetwork(db, { slug: 'ngs', name: 'NGS', purpose: '' }))!.id;
    const meeting = await createMeeting(
      db,
      networkId,
      { title: 'Netwerkdag Emmen', dates: ['2017-11-01'], format: 'in-person', hostOrganisationId: null, venue: '' },
      null,
    );
    themeIds = [];
    for (const title of ['Ondermijning', 'Cybercriminaliteit', 'Zorg en veiligheid']) {
      const theme = await createTheme(db, meeting.id, { title, why: '' }, null);
      await setThemeChosen(db, theme.id, true);
      themeIds.push(theme.id);
    }
    // A proposal that was not chosen is no theme of the netwerkdag.
    await createTheme(db, meeting.id, { title: 'Niet gekozen', why: '' }, null);
  });
  afterEach(async () => {
    await database.close();
  });

  it('keeps a theme in one topic at most, and merging moves every theme', async () => {
    const [ondermijning, cyber] = themeIds as [number, number];
    const a = await createTopic(db, networkId, { name: 'Ondermijning', themeIds: [ondermijning, cyber] });
    const b = await createTopic(db, networkId, { name: 'Cyber', themeIds: [] });
    if (typeof a === 'string' || typeof b === 'string') throw new Error('not created');
    expect(await assignTheme(db, networkId, b.id, cyber)).toBe(true);
    expect((await listTopics(db, networkId)).map((t) => [t.name, t.themeIds])).toEqual([
      ['Cyber', [cyber]],
      ['Ondermijning', [ondermijning]],
    ]);
    expect(await mergeTopics(db, networkId, b.id, a.id)).toBe(true);
    expect((await listTopics(db, networkId)).map((t) => [t.name, t.themeIds.toSorted()])).toEqual([
      ['Ondermijning', [ondermijning, cyber].toSorted()],
    ]);
    expect(await mergeTopics(db, networkId, a.id, a.id)).toBe('notFound');
  });

  it('lists only chosen themes on the timeline, with their topic', async () => {
    const themes = await listTimelineThemes(db, networkId);
    expect(themes.map((t) => t.title)).toEqual(['Ondermijning', 'Cybercriminaliteit', 'Zorg en veiligheid']);
    expect(themes.every((t) => t.topicId === null)).toBe(true);
  });

  it('forgets the oldest ignored suggestions beyond the cap', async () => {
    for (let n = 0; n < MAX_IGNORED_SUGGESTIONS + 5; n++) await ignoreSuggestion(db, networkId, `new:${n},${n + 1}`, n);
    const kept = await listIgnoredSuggestions(db, networkId);
    expect(kept.size).toBe(MAX_IGNORED_SUGGESTIONS);
    expect(kept.has('new:0,1')).toBe(false);
    expect(kept.has(`new:${MAX_IGNORED_SUGGESTIONS + 4},${MAX_IGNORED_SUGGESTIONS + 5}`)).toBe(true);
  });
});
