import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Db, serverSecret } from '@klankbord/db';
import { isNotificationKind, type NotificationKind } from '@klankbord/domain';

/** What an unsubscribe link stands for: this person wants no more mail of this kind. */
export interface Unsubscribe {
  userId: number;
  kind: NotificationKind;
}

const SECRET_NAME = 'unsubscribe';

// The key never changes once made: read it once per database rather than on every link.
const keys = new WeakMap<Db, Promise<string>>();

function key(db: Db): Promise<string> {
  let found = keys.get(db);
  if (!found) {
    found = serverSecret(db, SECRET_NAME, () => randomBytes(32).toString('base64url'));
    found.catch(() => keys.delete(db));
    keys.set(db, found);
  }
  return found;
}

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/**
 * A token for a one-click unsubscribe link: `<userId>.<kind>.<hmac>`, signed with the server's own key so that
 * nobody can unsubscribe someone else. It does not expire: a link in an old mail keeps working.
 */
export async function unsubscribeToken(db: Db, unsubscribe: Unsubscribe): Promise<string> {
  const payload = `${unsubscribe.userId}.${unsubscribe.kind}`;
  return `${payload}.${mac(await key(db), payload)}`;
}

/** What a token stands for, or undefined when it is malformed or its signature does not match. */
export async function readUnsubscribeToken(db: Db, token: string): Promise<Unsubscribe | undefined> {
  const match = /^([1-9]\d{0,14})\.([a-z.]{1,40})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const [, id, kind, signature] = match as unknown as [string, string, string, string];
  if (!isNotificationKind(kind)) return undefined;
  const expected = Buffer.from(mac(await key(db), `${id}.${kind}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return { userId: Number(id), kind };
}
