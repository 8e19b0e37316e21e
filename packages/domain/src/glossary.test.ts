import { describe, expect, it } from 'vitest';
import { afspraakStatuses } from './afspraak.ts';
import {
  afspraakStatusWords,
  glossary,
  informalAddress,
  meetingStatusWords,
  programmeItemKindWords,
  roleWords,
} from './glossary.ts';
import { meetingStatuses } from './meeting.ts';
import { programmeItemKinds } from './programme.ts';
import { roles } from './roles.ts';

describe('the glossary', () => {
  it('has words for every role, meeting status, programme kind and afspraak status, in their order', () => {
    expect(Object.keys(roleWords)).toEqual([...roles]);
    expect(Object.keys(meetingStatusWords)).toEqual([...meetingStatuses]);
    expect(Object.keys(programmeItemKindWords)).toEqual([...programmeItemKinds]);
    expect(Object.keys(afspraakStatusWords)).toEqual([...afspraakStatuses]);
  });

  it('gives each concept one word of its own, in Dutch and in English', () => {
    for (const language of ['nl', 'en'] as const) {
      const words = Object.values(glossary).map((term) => term[language]);
      expect(new Set(words).size).toBe(words.length);
      // One word, not a choice of two ("deelsessie / dilemmatafel").
      expect(words.filter((word) => word.includes('/'))).toEqual([]);
    }
  });

  it('addresses nobody informally in its own words', () => {
    const all = [glossary, roleWords, meetingStatusWords, programmeItemKindWords, afspraakStatusWords].flatMap(
      (group) => Object.values(group).map((words) => words.nl),
    );
    expect(all.flatMap(informalAddress)).toEqual([]);
  });
});
