import type { RelayReceiver, RoomRelay } from '@klankbord/collab';
import { type Bus, channels } from './bus.ts';

enum Kind {
  update = 1,
  awareness = 2,
  reconcile = 3,
}

function frame(kind: Kind, payload: Uint8Array = new Uint8Array()): Uint8Array {
  const message = new Uint8Array(1 + payload.byteLength);
  message[0] = kind;
  message.set(payload, 1);
  return message;
}

/** The collaboration rooms' relay over the bus: one channel per document, a kind byte before each payload. */
export function busRoomRelay(bus: Bus): RoomRelay {
  return {
    async join(documentName: string, receiver: RelayReceiver) {
      const channel = channels.document(documentName);
      const leave = bus.subscribe(channel, (message) => {
        const payload = message.subarray(1);
        if (message[0] === Kind.update) receiver.update(payload);
        else if (message[0] === Kind.awareness) receiver.awareness(payload);
        else if (message[0] === Kind.reconcile) receiver.reconcile();
      });
      await bus.subscribed(channel);
      return leave;
    },
    publishUpdate: (documentName, update) => bus.publish(channels.document(documentName), frame(Kind.update, update)),
    publishAwareness: (documentName, update) =>
      bus.publish(channels.document(documentName), frame(Kind.awareness, update)),
    publishReconcile: (documentName) => bus.publish(channels.document(documentName), frame(Kind.reconcile)),
  };
}
