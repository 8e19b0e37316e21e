import {
  afspraakStatusWords,
  asLabel,
  auditEventTypes,
  informalAddress,
  meetingStatusWords,
  programmeItemKindWords,
  roleWords,
  type Words,
} from '@klankbord/domain';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import nl from './nl.json';

type Messages = { [key: string]: string | Messages };

function texts(messages: Messages, prefix = ''): [string, string][] {
  return Object.entries(messages).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : texts(value, `${prefix}${key}.`),
  );
}

describe('the Dutch messages', () => {
  it('address the reader with "u", never with je/jij/jou/jouw', () => {
    const informal = texts(nl)
      .map(([key, text]) => [key, informalAddress(text)] as const)
      .filter(([, found]) => found.length > 0);
    expect(informal).toEqual([]);
  });
});

/** The messages under a key path, such as `meetings.status`. */
function group(messages: Messages, path: string): Record<string, string> {
  const found = path.split('.').reduce<Messages | string | undefined>((at, key) => {
    return typeof at === 'object' ? at[key] : undefined;
  }, messages);
  if (typeof found !== 'object') throw new Error(`no messages under ${path}`);
  return found as Record<string, string>;
}

// The glossary in packages/domain is the source of the product's words; the interface shows exactly those.
describe.each([
  ['roles', roleWords],
  ['meetings.status', meetingStatusWords],
  ['programme.kinds', programmeItemKindWords],
  ['afspraken.status', afspraakStatusWords],
] as [string, Record<string, Words>][])('the words under %s', (path, words) => {
  it('are the glossary’s, in Dutch and in English', () => {
    const labels = (language: 'nl' | 'en') =>
      Object.fromEntries(Object.entries(words).map(([key, word]) => [key, asLabel(word[language])]));
    expect(group(nl, path)).toEqual(labels('nl'));
    expect(group(en, path)).toEqual(labels('en'));
  });
});

describe('the audit log', () => {
  it('has a Dutch and an English text for every kind of event the server records', () => {
    for (const messages of [nl, en]) {
      const events = group(messages, 'audit.events');
      const missing = auditEventTypes.filter((type) => typeof events[type] !== 'string' || events[type].trim() === '');
      expect(missing).toEqual([]);
    }
    // And no text for an event that no longer exists.
    expect(Object.keys(group(nl, 'audit.events')).sort()).toEqual([...auditEventTypes].sort());
  });
});
