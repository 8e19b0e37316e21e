import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { roles } from '@klankbord/domain';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import nl from './nl.json';

type Messages = { [key: string]: string | Messages };

/** Every message as [key, text], the key flattened with dots as svelte-i18n looks it up. */
function entries(messages: Messages, prefix = ''): [string, string][] {
  return Object.entries(messages).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : entries(value, `${prefix}${key}.`),
  );
}

function keys(messages: Messages): string[] {
  return entries(messages).map(([key]) => key);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(svelte|ts)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

// Every error key the API and the domain's validation send, as the API contract lists them.
const API_ERROR_KEYS = [
  'closesAt.past',
  'closesAt.tooFar',
  'closesAt.invalid',
  'suggestion.tooMany',
  'comment.tooMany',
  'export.rateLimited',
  'publishedReport.rateLimited',
  'names.forbidden',
  'comments.forbidden',
  'email.invalid',
  'email.tooLong',
  'email.taken',
  'name.required',
  'name.tooLong',
  'name.invalid',
  'password.required',
  'password.tooShort',
  'password.tooLong',
  'password.wrong',
  'password.rateLimited',
  'login.failed',
  'login.rateLimited',
  'login.passwordOff',
  'oidc.refused',
  'oidc.expired',
  'oidc.unavailable',
  'oidc.rateLimited',
  'oidc.emailNotVerified',
  'oidc.otherDomain',
  'oidc.noAccount',
  'events.tooMany',
  'invitation.expired',
  'invitation.used',
  'invitation.invalid',
  'invitation.otherAccount',
  'reset.invalid',
  'setup.done',
  'role.invalid',
  'role.lastSecretariat',
  'organisation.invalid',
  'organisation.taken',
  'expiry.invalid',
  'slug.taken',
  'origin.invalid',
  'invalid_input',
  'forbidden',
  'unauthorised',
  'not_found',
  'internal_error',
  'report.openSuggestions',
  'suggestion.decided',
  'suggestion.stale',
  'suggestion.spansBlocks',
  'replacement.invalid',
  'replacement.tooLong',
  'dayCode.notFound',
  'guest.rateLimited',
  'guest.notToday',
  'guest.full',
  'guest.unknown',
  'guest.alreadyVoted',
  'guest.isMember',
  'organisation.required',
  'organisation.tooLong',
  'topic.tooMany',
  'topic.taken',
  'themeIds.invalid',
  'topicSuggestion.invalid',
  'barrier.page.required',
  'barrier.page.tooLong',
  'barrier.page.invalid',
  'barrier.description.tooShort',
  'barrier.description.tooLong',
  'barrier.rateLimited',
  'barrier.full',
];

const nlKeys = keys(nl);
const enKeys = keys(en);

describe('the message files', () => {
  it('have the same keys in Dutch and English', () => {
    expect(enKeys.toSorted()).toEqual(nlKeys.toSorted());
  });

  it('have no empty message', () => {
    const empty = [nl, en].flatMap((messages) => entries(messages).filter(([, text]) => text.trim() === ''));
    expect(empty).toEqual([]);
  });

  it('translate every error key the API can send', () => {
    const missing = API_ERROR_KEYS.map((key) => `errors.${key}`).filter((key) => !nlKeys.includes(key));
    expect(missing).toEqual([]);
  });

  it('name every role', () => {
    expect(roles.filter((role) => !nlKeys.includes(`roles.${role}`))).toEqual([]);
  });

  it('hold every literal key the components and pages use', () => {
    const src = fileURLToPath(new URL('../..', import.meta.url));
    const used = sourceFiles(src).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\$t\(\s*'([^']+)'/g)].map((match) => match[1]!),
    );
    expect(used.length).toBeGreaterThan(50);
    expect([...new Set(used.filter((key) => !nlKeys.includes(key)))]).toEqual([]);
  });
});
