import { describe, expect, it } from 'vitest';
import { decide, type Facts } from './access.ts';

const signIn = (facts: Facts['signIn']) => {
  const known: Facts = facts ? { role: 'secretariaat', signIn: facts } : { role: 'secretariaat' };
  return {
    configure: decide('signIn', 'configureProvider', known),
    password: decide('signIn', 'setPasswordSignIn', known),
  };
};

describe("the access decision on an organisation's sign-in", () => {
  it('lets no role of any network configure an identity provider, not even a secretariaat over every account', () => {
    expect(signIn({ exists: true, hasProvider: true, secretariatOfEvery: true }).configure).toBe('forbidden');
    expect(signIn({ exists: true, hasProvider: false, secretariatOfEvery: true }).configure).toBe('forbidden');
  });

  it('lets the secretariaat of every network of its accounts turn the password off, once there is a provider', () => {
    expect(signIn({ exists: true, hasProvider: true, secretariatOfEvery: true }).password).toBe('allow');
    expect(signIn({ exists: true, hasProvider: true, secretariatOfEvery: false }).password).toBe('forbidden');
    expect(signIn({ exists: true, hasProvider: false, secretariatOfEvery: true }).password).toBe('forbidden');
  });

  it('does not tell whether an organisation that is not there exists', () => {
    expect(signIn({ exists: false, hasProvider: false, secretariatOfEvery: false }).password).toBe('hidden');
    expect(signIn(undefined).configure).toBe('hidden');
  });
});
