import type { TimelineTheme, Topic } from '@klankbord/db';
import { stemDutch, words } from '@klankbord/search';

/** A grouping the server proposes to the secretariat: put a theme in a topic, or make a topic of themes. */
export type TopicSuggestion =
  | { key: string; kind: 'join'; themeId: number; topicId: number; stem: string }
  | { key: string; kind: 'new'; name: string; themeIds: number[]; stem: string };

/** Suggestions shown at once: enough to work through, little enough to read. */
export const MAX_SUGGESTIONS = 12;

// Dutch function words that say nothing about a theme's subject ("Zorg en veiligheid", "Relatie met het OM").
const STOP_WORDS = new Set(
  'de het een en of van in op met voor door bij naar om te tot uit aan als dan over onder tussen na zin onzin nieuwe ons onze'.split(
    ' ',
  ),
);
/** Words shorter than this say too little to group on (OM, ZSM are names, not topics). */
const MIN_STEM_LENGTH = 4;

/** The stems of a theme's or topic's words that say what it is about. */
export function subjectStems(text: string): Set<string> {
  const stems = new Set<string>();
  for (const word of words(text)) {
    if (STOP_WORDS.has(word.folded)) continue;
    const stem = stemDutch(word.folded);
    if (stem.length >= MIN_STEM_LENGTH) stems.add(stem);
  }
  return stems;
}

/**
 * Suggests groupings from shared words, for the themes not in a topic yet: a theme that shares a word with a topic
 * (its name or its themes) may join it; themes of different netwerkdagen that share a word may become a topic.
 * A word in a large share of all themes ("veiligheid" in a network about safety) groups nothing and is left out.
 * Ignored keys are not suggested again.
 */
export function suggestTopics(
  themes: readonly TimelineTheme[],
  topics: readonly Topic[],
  ignored: ReadonlySet<string>,
): TopicSuggestion[] {
  const stemsOf = new Map(themes.map((theme) => [theme.id, subjectStems(theme.title)]));
  const frequency = new Map<string, number>();
  for (const stems of stemsOf.values()) for (const stem of stems) frequency.set(stem, (frequency.get(stem) ?? 0) + 1);
  const tooCommon = Math.max(3, Math.ceil(themes.length * 0.15));
  const telling = (stem: string) => (frequency.get(stem) ?? 0) <= tooCommon;

  const suggestions: TopicSuggestion[] = [];
  const free = themes.filter((theme) => theme.topicId === null);
  const placed = new Set<number>();

  // A theme joins the topic it shares a telling word with; ties go to the topic listed first.
  const topicStems = topics.map((topic) => {
    const stems = subjectStems(topic.name);
    for (const id of topic.themeIds) for (const stem of stemsOf.get(id) ?? []) stems.add(stem);
    return { topic, stems };
  });
  for (const theme of free) {
    for (const stem of stemsOf.get(theme.id) ?? []) {
      if (!telling(stem)) continue;
      const match = topicStems.find(({ stems }) => stems.has(stem));
      if (!match) continue;
      const key = `join:${theme.id}:${match.topic.id}`;
      if (ignored.has(key)) continue;
      suggestions.push({ key, kind: 'join', themeId: theme.id, topicId: match.topic.id, stem });
      placed.add(theme.id);
      break;
    }
  }

  // The rest: themes of at least two netwerkdagen sharing a telling word, the largest groups first.
  const groups = new Map<string, TimelineTheme[]>();
  for (const theme of free) {
    if (placed.has(theme.id)) continue;
    for (const stem of stemsOf.get(theme.id) ?? []) {
      if (!telling(stem)) continue;
      groups.set(stem, [...(groups.get(stem) ?? []), theme]);
    }
  }
  const ranked = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  for (const [stem, group] of ranked) {
    const members = group.filter((theme) => !placed.has(theme.id));
    if (new Set(members.map((theme) => theme.meetingId)).size < 2) continue;
    const themeIds = members.map((theme) => theme.id).sort((a, b) => a - b);
    const key = `new:${themeIds.join(',')}`;
    if (ignored.has(key)) continue;
    // Named after its shortest theme: "Radicalisering" rather than "Radicalisering en polarisatie".
    const name = members.map((theme) => theme.title).sort((a, b) => a.length - b.length)[0] ?? stem;
    suggestions.push({ key, kind: 'new', name, themeIds, stem });
    for (const id of themeIds) placed.add(id);
  }
  return suggestions.slice(0, MAX_SUGGESTIONS);
}
