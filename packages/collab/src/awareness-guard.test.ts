import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { AwarenessGuard, type PresenceHolder } from './awareness-guard.ts';
import { ProtocolError } from './protocol.ts';

/** An awareness update with hand-written entries; a state of undefined writes a removal ('null'). */
function update(...entries: [clientId: number, clock: number, state: unknown][]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [clientId, clock, state] of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state ?? null));
  }
  return encoding.toUint8Array(encoder);
}

const holder = (clientKey: string, displayName?: string): PresenceHolder => ({ clientKey, displayName });
const limits = { maxStateBytes: 256, maxPresences: 10 };

describe('AwarenessGuard', () => {
  it('gives a connection the first client id it publishes, and ignores every other id it sends', () => {
    const guard = new AwarenessGuard(limits);
    const anna = holder('user:1');
    expect(guard.accept(update([7, 1, {}]), anna)?.clientId).toBe(7);
    expect(guard.accept(update([8, 1, {}]), anna)).toBeNull();
    expect(guard.accept(update([9, 1, {}], [7, 2, { a: 1 }], [10, 1, {}]), anna)).toEqual({
      clientId: 7,
      clock: 2,
      state: '{"a":1}',
    });
    expect(guard.release(anna)).toBe(7);
  });

  it("reads only the connection's own state: an echoed one is skipped unparsed, a bad own one refused", () => {
    const guard = new AwarenessGuard(limits);
    const anna = holder('user:1');
    guard.accept(update([7, 1, {}]), anna);
    const raw = (clientId: number, state: string) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 2);
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarString(encoder, state);
      encoding.writeVarUint(encoder, 7);
      encoding.writeVarUint(encoder, 3);
      encoding.writeVarString(encoder, clientId === 7 ? '{"a":2}' : '{"b":1}');
      return encoding.toUint8Array(encoder);
    };
    // Someone else's presence that is not JSON: not this socket's to send, so never read, never an error.
    expect(guard.accept(raw(9, '{not json'), anna)).toEqual({ clientId: 7, clock: 3, state: '{"b":1}' });
    expect(() => guard.accept(raw(7, '{not json'), anna)).toThrow(ProtocolError);
  });

  it('ignores echoes of presences that others own, removals included', () => {
    const guard = new AwarenessGuard(limits);
    const anna = holder('user:1');
    const bram = holder('user:2');
    guard.accept(update([7, 1, {}]), anna);
    expect(guard.accept(update([7, 2, undefined]), bram)).toBeNull();
    expect(guard.accept(update([7, 3, { name: 'bram' }]), bram)).toBeNull();
    // A removal of an id nobody owns does not make that id bram's.
    expect(guard.accept(update([99, 5, undefined]), bram)).toBeNull();
    expect(guard.accept(update([8, 1, {}]), bram)?.clientId).toBe(8);
  });

  it('lets a client take its own presence over from a socket not yet known dead', () => {
    const guard = new AwarenessGuard(limits);
    const oldSocket = holder('user:1');
    const newSocket = holder('user:1');
    guard.accept(update([7, 1, {}]), oldSocket);
    expect(guard.accept(update([7, 2, {}]), newSocket)?.clientId).toBe(7);
    // The old socket closing must not remove the presence that has moved on.
    expect(guard.release(oldSocket)).toBeUndefined();
    expect(guard.release(newSocket)).toBe(7);
  });

  it('keeps a released id for its client: another socket cannot take it while its owner reconnects', () => {
    const guard = new AwarenessGuard(limits);
    const anna = holder('user:1');
    guard.accept(update([7, 1, {}]), anna);
    expect(guard.release(anna)).toBe(7);
    // Between the close and the reconnect, a socket of someone else claims the id it saw.
    expect(guard.accept(update([7, 99, { name: 'mallory' }]), holder('user:2'))).toBeNull();
    expect(guard.accept(update([7, 2, {}]), holder('user:1'))?.clientId).toBe(7);
  });

  it('drops a state larger than the maximum, without parsing it', () => {
    const guard = new AwarenessGuard(limits);
    const gast = holder('user:3');
    expect(guard.accept(update([7, 1, { bio: 'x'.repeat(300) }]), gast)).toBeNull();
    expect(guard.accept(update([7, 2, { bio: 'kort' }]), gast)?.clock).toBe(2);
    // Malformed JSON within the bound is still a protocol error.
    const bad = encoding.createEncoder();
    encoding.writeVarUint(bad, 1);
    encoding.writeVarUint(bad, 7);
    encoding.writeVarUint(bad, 3);
    encoding.writeVarString(bad, '{not json');
    expect(() => guard.accept(encoding.toUint8Array(bad), gast)).toThrow(ProtocolError);
  });

  it('names a presence after the account, keeping the colour and the cursor', () => {
    const guard = new AwarenessGuard(limits);
    const state = { user: { name: 'De burgemeester', color: '#f70' }, cursor: { anchor: 3 } };
    const entry = guard.accept(update([7, 1, state]), holder('user:1', 'Anna de Vries'));
    expect(JSON.parse(entry?.state ?? '')).toEqual({
      user: { name: 'Anna de Vries', color: '#f70' },
      cursor: { anchor: 3 },
    });
    expect(JSON.parse(guard.accept(update([8, 1, {}]), holder('user:2', 'Bram'))?.state ?? '')).toEqual({
      user: { name: 'Bram' },
    });
    // A state that is no object cannot carry the name, so it is not shown.
    expect(guard.accept(update([9, 1, 'Anna']), holder('user:3', 'Cor'))).toBeNull();
  });

  it('holds at most maxPresences presences', () => {
    const guard = new AwarenessGuard({ ...limits, maxPresences: 2 });
    expect(guard.accept(update([1, 1, {}]), holder('a'))).not.toBeNull();
    expect(guard.accept(update([2, 1, {}]), holder('b'))).not.toBeNull();
    expect(guard.accept(update([3, 1, {}]), holder('c'))).toBeNull();
  });
});
