import { describe, expect, it } from 'vitest';
import { peersFrom, presenceColor } from './presence.ts';

describe('presence', () => {
  it('gives a member the same colour every time', () => {
    expect(presenceColor(7)).toBe(presenceColor(7));
    expect(presenceColor(7)).not.toBe(presenceColor(8));
  });

  it('lists the viewer first and leaves out states that are not a member', () => {
    const states = new Map<number, Record<string, unknown>>([
      [3, { user: { id: 2, name: 'Zora', color: '#000' }, editing: 'abc' }],
      [1, { user: { id: 1, name: 'Anna', color: '#111' } }],
      [9, { user: { name: '<script>' } }],
      [5, {}],
    ]);
    expect(peersFrom(states, 3)).toEqual([
      { clientId: 3, user: { id: 2, name: 'Zora', color: '#000' }, editing: 'abc', self: true },
      { clientId: 1, user: { id: 1, name: 'Anna', color: '#111' }, editing: null, self: false },
    ]);
  });
});
