import { describe, expect, it } from 'vitest';
import { subjectStems, suggestTopics } from './topic-suggestions.ts';

const theme = (id: number, meetingId: number, title: string, topicId: number | null = null) => ({
  id,
  meetingId,
  title,
  topicId,
});

describe('topic suggestions', () => {
  it('reads a theme by its stems, without function words', () => {
    expect(subjectStems('Radicalisering en polarisatie').size).toBe(2);
    expect(subjectStems('Relatie met het OM').size).toBe(1);
  });

  it('groups themes of different netwerkdagen that share a word, named after the shortest', () => {
    const themes = [
      theme(1, 10, 'Radicalisering'),
      theme(2, 11, 'Radicalisering en polarisatie'),
      theme(3, 12, 'Woninginbraak'),
    ];
    expect(suggestTopics(themes, [], new Set())).toEqual([
      expect.objectContaining({ key: 'new:1,2', kind: 'new', name: 'Radicalisering', themeIds: [1, 2] }),
    ]);
    // Two themes of one netwerkdag are not a recurring topic.
    expect(
      suggestTopics([theme(1, 10, 'Radicalisering'), theme(2, 10, 'Radicalisering online')], [], new Set()),
    ).toEqual([]);
  });

  it('suggests a free theme join the topic it shares a word with, and leaves out what was ignored', () => {
    const themes = [theme(1, 10, 'Verwarde personen', 7), theme(2, 11, 'Personen met verward gedrag')];
    const topics = [{ id: 7, name: 'Verward gedrag', themeIds: [1] }];
    expect(suggestTopics(themes, topics, new Set())).toEqual([
      expect.objectContaining({ key: 'join:2:7', kind: 'join', themeId: 2, topicId: 7 }),
    ]);
    expect(suggestTopics(themes, topics, new Set(['join:2:7']))).toEqual([]);
  });

  it('does not group on a word most themes share', () => {
    const themes = ['Zorg', 'Jeugd', 'Drugs', 'Horeca', 'Wijken', 'Cyber'].map((word, i) =>
      theme(i + 1, i + 10, `${word} en veiligheid`),
    );
    expect(suggestTopics(themes, [], new Set())).toEqual([]);
  });
});
