import type { AnyLiveEvent, Role } from '@klankbord/domain';
import { describe, expect, it } from 'vitest';
import { LiveHub } from './live.ts';

/** A stream that keeps what it is sent. */
function stream(userId: number, role: Role) {
  const received: AnyLiveEvent[] = [];
  return {
    received,
    subscriber: { userId, credential: `c${userId}`, role, send: (e: AnyLiveEvent) => received.push(e), close() {} },
  };
}

describe('LiveHub', () => {
  it("sends a person's own event to each of their streams in every network, and to nobody else", () => {
    const hub = new LiveHub();
    const inNgs = stream(1, 'deelnemer');
    const inElders = stream(1, 'gast');
    const other = stream(2, 'secretariaat');
    hub.subscribe(10, inNgs.subscriber);
    hub.subscribe(20, inElders.subscriber);
    const off = hub.subscribe(10, other.subscriber);

    hub.publishToUser(1, { type: 'notification.created', unread: 3 });

    expect(inNgs.received).toEqual([{ type: 'notification.created', unread: 3 }]);
    expect(inElders.received).toEqual([{ type: 'notification.created', unread: 3 }]);
    expect(other.received).toEqual([]);
    off();
    hub.publishToUser(2, { type: 'notification.created', unread: 1 });
    expect(other.received).toEqual([]);
  });

  it('sends a network event only to the roles the access decision lets read it', () => {
    const hub = new LiveHub();
    const preparer = stream(1, 'klankbordgroep');
    const gast = stream(2, 'gast');
    const elsewhere = stream(3, 'secretariaat');
    hub.subscribe(10, preparer.subscriber);
    hub.subscribe(10, gast.subscriber);
    hub.subscribe(20, elsewhere.subscriber);
    const facts = { meeting: { status: 'preparation' as const, reportFinalised: false, reportPublished: false } };

    hub.publish(10, { type: 'theme.changed', meetingId: 5 }, { type: 'meeting', need: 'theme.view', facts });

    expect(preparer.received).toEqual([{ type: 'theme.changed', meetingId: 5 }]);
    expect(gast.received).toEqual([]);
    expect(elsewhere.received).toEqual([]);
  });
});
