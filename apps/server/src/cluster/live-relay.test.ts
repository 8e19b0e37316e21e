import { describe, expect, it } from 'vitest';
import { decodeRelayedEvent, encodeRelayedEvent, MAX_RELAYED_EVENT_BYTES, type RelayedEvent } from './live-relay.ts';

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('relayed live events', () => {
  it('cross as they were sent: the event, and whom it is for', () => {
    const relayed: RelayedEvent = {
      to: 'network',
      networkId: 3,
      event: { type: 'theme.changed', meetingId: 5 },
      audience: {
        type: 'meeting',
        need: 'theme.view',
        facts: { meeting: { status: 'preparation', reportFinalised: false, reportPublished: false } },
      },
    };
    expect(decodeRelayedEvent(encodeRelayedEvent(relayed)!)).toEqual(relayed);
    const own: RelayedEvent = { to: 'user', userId: 9, event: { type: 'notification.created', unread: 2 } };
    expect(decodeRelayedEvent(encodeRelayedEvent(own)!)).toEqual(own);
  });

  it('are not sent, nor read, past their size bound', () => {
    const body = 'x'.repeat(MAX_RELAYED_EVENT_BYTES);
    const large = { to: 'user', userId: 1, event: { type: 'topic.changed', topicId: null, body } } as RelayedEvent;
    expect(encodeRelayedEvent(large)).toBeNull();
    expect(() => decodeRelayedEvent(bytes(large))).toThrow('too large');
  });

  it('refuses what is not a live event for a network or a person', () => {
    const event = { type: 'theme.changed', meetingId: 5 };
    for (const wrong of [
      { to: 'user', userId: 1, event: { type: 'not.an.event' } },
      { to: 'user', userId: '1', event },
      { to: 'network', networkId: 0, event, audience: { type: 'meeting', need: 'theme.view', facts: {} } },
      { to: 'network', networkId: 3, event },
      { to: 'everyone', event },
      [],
    ]) {
      expect(() => decodeRelayedEvent(bytes(wrong)), JSON.stringify(wrong)).toThrow('not a relayed live event');
    }
    expect(() => decodeRelayedEvent(new Uint8Array([0xff, 0xfe]))).toThrow();
  });
});
