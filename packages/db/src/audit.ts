import type { Db } from './connection.ts';

/** A security-relevant event as the secretariat reads it. */
export interface AuditEntry {
  id: number;
  event: string;
  subject: string | null;
  detail: Record<string, unknown>;
  actorId: number | null;
  actorName: string | null;
  ip: string | null;
  createdAt: number;
}

/** Records an event. `networkId` null for events outside any network (a failed sign-in). */
export async function recordAuditEvent(
  db: Db,
  event: {
    networkId: number | null;
    actorId: number | null;
    event: string;
    subject?: string | null;
    detail?: Record<string, unknown>;
    ip?: string | null;
  },
  now = Date.now(),
): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      network_id: event.networkId,
      actor_id: event.actorId,
      event: event.event,
      subject: event.subject ?? null,
      detail: JSON.stringify(event.detail ?? {}),
      ip: event.ip ?? null,
      created_at: now,
    })
    .execute();
}

/**
 * Events outside any network that every secretariat may see: failed sign-ins for addresses that belong
 * to nobody (probing). Personal events without a network (token created, password changed) stay out.
 */
export const SHARED_AUDIT_EVENTS = ['login.failed'] as const;

/** A network's events and the shared ones, newest first; `before` pages backwards by id. */
export async function listAuditEvents(
  db: Db,
  networkId: number,
  options: { limit: number; before?: number | undefined },
): Promise<AuditEntry[]> {
  let query = db
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.actor_id')
    .select([
      'audit_events.id as id',
      'audit_events.event as event',
      'audit_events.subject as subject',
      'audit_events.detail as detail',
      'audit_events.actor_id as actorId',
      'users.name as actorName',
      'audit_events.ip as ip',
      'audit_events.created_at as createdAt',
    ])
    .where((eb) =>
      eb.or([
        eb('audit_events.network_id', '=', networkId),
        eb.and([eb('audit_events.network_id', 'is', null), eb('audit_events.event', 'in', SHARED_AUDIT_EVENTS)]),
      ]),
    )
    .orderBy('audit_events.id', 'desc')
    .limit(options.limit);
  if (options.before !== undefined) query = query.where('audit_events.id', '<', options.before);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}
