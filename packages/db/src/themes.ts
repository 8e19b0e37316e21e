import type { ThemeInput } from '@klankbord/domain';
import { type Db, inTransaction } from './connection.ts';
import type { ThemeRow } from './schema.ts';

/** A theme as the themes page shows it: who proposed it and how many members support it. */
export interface Theme {
  id: number;
  meetingId: number;
  title: string;
  why: string;
  proposerId: number | null;
  proposerName: string | null;
  chosen: boolean;
  supportCount: number;
  createdAt: number;
  updatedAt: number;
}

/** Proposes a theme for a meeting. */
export async function createTheme(
  db: Db,
  meetingId: number,
  input: ThemeInput,
  proposerId: number | null,
  now = Date.now(),
): Promise<ThemeRow> {
  return db
    .insertInto('themes')
    .values({
      meeting_id: meetingId,
      title: input.title,
      why: input.why,
      proposer_id: proposerId,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Finds a theme by id. */
export async function findTheme(db: Db, id: number): Promise<ThemeRow | undefined> {
  return db.selectFrom('themes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A meeting's themes in the order they were proposed, with their proposer's name and support count. */
export async function listThemes(db: Db, meetingId: number): Promise<Theme[]> {
  const rows = await db
    .selectFrom('themes')
    .leftJoin('users', 'users.id', 'themes.proposer_id')
    .leftJoin('theme_supports', 'theme_supports.theme_id', 'themes.id')
    .select((eb) => [
      'themes.id as id',
      'themes.meeting_id as meetingId',
      'themes.title as title',
      'themes.why as why',
      'themes.proposer_id as proposerId',
      'users.name as proposerName',
      'themes.chosen as chosen',
      'themes.created_at as createdAt',
      'themes.updated_at as updatedAt',
      eb.fn.count<number>('theme_supports.user_id').as('supportCount'),
    ])
    .where('themes.meeting_id', '=', meetingId)
    .groupBy(['themes.id', 'users.name'])
    .orderBy('themes.created_at')
    .orderBy('themes.id')
    .execute();
  return rows.map((row) => ({ ...row, chosen: row.chosen === 1, supportCount: Number(row.supportCount) }));
}

/** Changes a theme's title and reason. */
export async function updateTheme(
  db: Db,
  id: number,
  input: ThemeInput,
  now = Date.now(),
): Promise<ThemeRow | undefined> {
  return db
    .updateTable('themes')
    .set({ title: input.title, why: input.why, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes a theme and the support it had; false when it did not exist. */
export async function deleteTheme(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('themes').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Marks a theme as chosen or not. */
export async function setThemeChosen(
  db: Db,
  id: number,
  chosen: boolean,
  now = Date.now(),
): Promise<ThemeRow | undefined> {
  return db
    .updateTable('themes')
    .set({ chosen: chosen ? 1 : 0, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** The theme a member supports for a meeting, or null. */
export async function findSupport(db: Db, meetingId: number, userId: number): Promise<number | null> {
  const row = await db
    .selectFrom('theme_supports')
    .select('theme_id')
    .where('meeting_id', '=', meetingId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.theme_id ?? null;
}

/**
 * Sets the one theme a member supports for a meeting (null: none), replacing any earlier support.
 * False when the theme is not one of the meeting's; the check and the write share a transaction, so a
 * theme deleted meanwhile cannot be supported.
 */
export async function setSupport(db: Db, meetingId: number, userId: number, themeId: number | null): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    if (themeId === null) {
      await trx
        .deleteFrom('theme_supports')
        .where('meeting_id', '=', meetingId)
        .where('user_id', '=', userId)
        .execute();
      return true;
    }
    const theme = await trx
      .selectFrom('themes')
      .select('id')
      .where('id', '=', themeId)
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    if (!theme) return false;
    await trx
      .insertInto('theme_supports')
      .values({ meeting_id: meetingId, user_id: userId, theme_id: themeId })
      .onConflict((oc) => oc.columns(['meeting_id', 'user_id']).doUpdateSet({ theme_id: themeId }))
      .execute();
    return true;
  });
}
