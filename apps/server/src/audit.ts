import { recordAuditEvent } from '@klankbord/db';
import type { AuditEventType } from '@klankbord/domain';
import type { Context } from 'hono';
import { clientAddress } from './client-address.ts';
import type { AppEnv, Deps } from './env.ts';

/** Records a security-relevant event with the acting user and their address. */
export async function audit(
  deps: Pick<Deps, 'db' | 'config'>,
  c: Context<AppEnv>,
  event: {
    networkId: number | null;
    event: AuditEventType;
    subject?: string;
    detail?: Record<string, unknown>;
    /** The actor when it is not the signed-in user (e.g. the account that set-up just created). */
    actorId?: number;
  },
): Promise<void> {
  await recordAuditEvent(deps.db, {
    ...event,
    actorId: event.actorId ?? c.get('principal')?.user.id ?? null,
    ip: clientAddress(c, deps.config.trustProxy),
  });
}
