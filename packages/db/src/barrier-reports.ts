import {
  BARRIER_REPORTS_LIST_MAX,
  type BarrierReportStatus,
  HANDLED_BARRIER_REPORTS_MAX,
  OPEN_BARRIER_REPORTS_MAX,
} from '@klankbord/domain';
import { type Db, inTransaction } from './connection.ts';
import { lockUntilCommit } from './transaction-lock.ts';

/** A barrier report as the secretariaat reads it. */
export interface BarrierReport {
  id: number;
  page: string;
  description: string;
  email: string | null;
  /** The reporter's name when they were signed in and still have an account. */
  reporterName: string | null;
  status: BarrierReportStatus;
  createdAt: number;
  handledAt: number | null;
}

/** What a reporter sends. */
export interface NewBarrierReport {
  page: string;
  description: string;
  email: string | null;
  userId: number | null;
}

/**
 * Stores a barrier report unless OPEN_BARRIER_REPORTS_MAX are open already ('full': the secretariaat must handle
 * some first). Counted and inserted in one transaction, so concurrent reports cannot pass the cap together.
 */
export async function addBarrierReport(db: Db, report: NewBarrierReport, now = Date.now()): Promise<number | 'full'> {
  return inTransaction(db, async (trx) => {
    await lockUntilCommit(trx, 'barrier-reports', 0);
    const open = await trx
      .selectFrom('barrier_reports')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    if (Number(open.count) >= OPEN_BARRIER_REPORTS_MAX) return 'full';
    const row = await trx
      .insertInto('barrier_reports')
      .values({
        page: report.page,
        description: report.description,
        email: report.email,
        user_id: report.userId,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

/** The newest reports, open ones first, at most BARRIER_REPORTS_LIST_MAX. */
export async function listBarrierReports(db: Db): Promise<BarrierReport[]> {
  const rows = await db
    .selectFrom('barrier_reports')
    .leftJoin('users', 'users.id', 'barrier_reports.user_id')
    .select([
      'barrier_reports.id',
      'barrier_reports.page',
      'barrier_reports.description',
      'barrier_reports.email',
      'users.name as reporter_name',
      'barrier_reports.status',
      'barrier_reports.created_at',
      'barrier_reports.handled_at',
    ])
    .orderBy((eb) => eb.case().when('barrier_reports.status', '=', 'open').then(0).else(1).end())
    .orderBy('barrier_reports.id', 'desc')
    .limit(BARRIER_REPORTS_LIST_MAX)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    page: row.page,
    description: row.description,
    email: row.email,
    reporterName: row.reporter_name ?? null,
    status: row.status,
    createdAt: row.created_at,
    handledAt: row.handled_at,
  }));
}

/**
 * Marks a report handled (or open again). Of the handled ones only the newest HANDLED_BARRIER_REPORTS_MAX are kept,
 * so that the table stays bounded however long the site runs. False when there is no such report.
 */
export async function setBarrierReportStatus(
  db: Db,
  id: number,
  status: BarrierReportStatus,
  userId: number,
  now = Date.now(),
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const handled = status === 'handled';
    const result = await trx
      .updateTable('barrier_reports')
      .set({ status, handled_at: handled ? now : null, handled_by: handled ? userId : null })
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    const keep = trx
      .selectFrom('barrier_reports')
      .select('id')
      .where('status', '=', 'handled')
      .orderBy('handled_at', 'desc')
      .orderBy('id', 'desc')
      .limit(HANDLED_BARRIER_REPORTS_MAX);
    await trx.deleteFrom('barrier_reports').where('status', '=', 'handled').where('id', 'not in', keep).execute();
    return true;
  });
}

/**
 * The people who may be told about a new barrier report: everyone who is secretariaat of some network, each with
 * the first such network (a notification belongs to a network). The access decision still has the last word.
 */
export async function listBarrierReportRecipients(db: Db): Promise<{ userId: number; networkId: number }[]> {
  const rows = await db
    .selectFrom('memberships')
    .select(['user_id', (eb) => eb.fn.min<number>('network_id').as('network_id')])
    .where('role', '=', 'secretariaat')
    .groupBy('user_id')
    .execute();
  return rows.map((row) => ({ userId: row.user_id, networkId: Number(row.network_id) }));
}
