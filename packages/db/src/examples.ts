import type { ExampleInput, ExampleStatus } from '@klankbord/domain';
import { sql } from 'kysely';
import { type Db, inTransaction } from './connection.ts';
import { yearOfMillis } from './dialect-sql.ts';
import type { ExampleTable } from './schema.ts';

/** A goed voorbeeld as callers use it: links parsed, tags, names of its city and contact, and its marks. */
export interface Example {
  id: number;
  networkId: number;
  title: string;
  organisation: { id: number; name: string } | null;
  status: ExampleStatus;
  contact: { id: number; name: string } | null;
  links: { url: string; label: string }[];
  meetingId: number | null;
  sessionId: string | null;
  descriptionText: string;
  tags: { id: number; name: string; curated: boolean }[];
  createdBy: number | null;
  createdAt: number;
  updatedAt: number;
  /** How many members marked 'this helped us too', and whether the viewer did. */
  marks: number;
  markedByViewer: boolean;
  /** Messages in its discussion (not deleted). */
  messages: number;
}

export interface ExampleFilter {
  tagId?: number | undefined;
  organisationId?: number | undefined;
  status?: ExampleStatus | undefined;
  year?: number | undefined;
  meetingId?: number | undefined;
}

/** A tag of the network, with how many examples carry it. */
export interface ExampleTag {
  id: number;
  name: string;
  curated: boolean;
  examples: number;
}

/** The key that makes 'Ondermijning' and 'ondermijning ' one tag. */
export function tagKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLocaleLowerCase('nl')
    .replace(/\s+/g, ' ')
    .trim();
}

type Fields = Omit<ExampleInput, 'tags'>;

function columns(fields: Fields) {
  return {
    title: fields.title,
    organisation_id: fields.organisationId,
    status: fields.status,
    contact_user_id: fields.contactUserId,
    links: JSON.stringify(fields.links),
    meeting_id: fields.meetingId,
    session_id: fields.sessionId,
  } satisfies Partial<Record<keyof ExampleTable, unknown>>;
}

/**
 * The ids of these tags in the network, made as suggestions (not curated) when they are new. Two members adding
 * the same new tag at once get one tag.
 */
async function ensureTags(db: Db, networkId: number, names: readonly string[], now: number): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) {
    const key = tagKey(name);
    await db
      .insertInto('example_tags')
      .values({ network_id: networkId, name, key, curated: 0, created_at: now })
      .onConflict((oc) => oc.columns(['network_id', 'key']).doNothing())
      .execute();
    const row = await db
      .selectFrom('example_tags')
      .select('id')
      .where('network_id', '=', networkId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return ids;
}

async function linkTags(db: Db, exampleId: number, tagIds: readonly number[]): Promise<void> {
  await db.deleteFrom('example_tag_links').where('example_id', '=', exampleId).execute();
  if (tagIds.length > 0) {
    await db
      .insertInto('example_tag_links')
      .values([...new Set(tagIds)].map((tagId) => ({ example_id: exampleId, tag_id: tagId })))
      .execute();
  }
}

/** Adds an example with its tags. */
export async function createExample(
  db: Db,
  example: { networkId: number; input: ExampleInput; createdBy: number },
  now = Date.now(),
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('examples')
      .values({
        network_id: example.networkId,
        ...columns(example.input),
        created_by: example.createdBy,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await linkTags(trx, row.id, await ensureTags(trx, example.networkId, example.input.tags, now));
    return row.id;
  });
}

/** Changes an example's fields and tags. False when it does not exist. */
export async function updateExample(db: Db, id: number, input: ExampleInput, now = Date.now()): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable('examples')
      .set({ ...columns(input), updated_at: now })
      .where('id', '=', id)
      .returning('network_id')
      .executeTakeFirst();
    if (!row) return false;
    await linkTags(trx, id, await ensureTags(trx, row.network_id, input.tags, now));
    return true;
  });
}

/** Removes an example, its tags' links and its marks. */
export async function deleteExample(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('examples').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Keeps the plain text of an example's description (projected from its document) for lists and search. */
export async function setExampleDescriptionText(db: Db, id: number, text: string): Promise<void> {
  await db.updateTable('examples').set({ description_text: text }).where('id', '=', id).execute();
}

function selectExamples(db: Db, viewerId: number) {
  return db
    .selectFrom('examples as e')
    .leftJoin('organisations as o', 'o.id', 'e.organisation_id')
    .leftJoin('users as u', 'u.id', 'e.contact_user_id')
    .selectAll('e')
    .select(['o.name as organisation_name', 'u.name as contact_name'])
    .select((eb) => [
      eb
        .selectFrom('example_marks as m')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('m.example_id', '=', 'e.id')
        .as('marks'),
      eb
        .selectFrom('example_marks as m')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('m.example_id', '=', 'e.id')
        .where('m.user_id', '=', viewerId)
        .as('marked'),
      eb
        .selectFrom('threads as t')
        .innerJoin('messages as msg', 'msg.thread_id', 't.id')
        .select(eb.fn.countAll<number>().as('n'))
        .where('t.subject_kind', '=', 'example')
        .whereRef('t.subject_id', '=', sql<string>`CAST(e.id AS TEXT)`)
        .where('msg.deleted_at', 'is', null)
        .as('messages'),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof selectExamples>['execute']>>[number];

async function toExamples(db: Db, rows: Row[]): Promise<Example[]> {
  const ids = rows.map((row) => row.id);
  const tags = ids.length
    ? await db
        .selectFrom('example_tag_links as l')
        .innerJoin('example_tags as t', 't.id', 'l.tag_id')
        .select(['l.example_id', 't.id', 't.name', 't.curated'])
        .where('l.example_id', 'in', ids)
        .orderBy('t.name')
        .execute()
    : [];
  return rows.map((row) => ({
    id: row.id,
    networkId: row.network_id,
    title: row.title,
    organisation:
      row.organisation_id !== null && row.organisation_name !== null
        ? { id: row.organisation_id, name: row.organisation_name }
        : null,
    status: row.status,
    contact:
      row.contact_user_id !== null && row.contact_name !== null
        ? { id: row.contact_user_id, name: row.contact_name }
        : null,
    links: JSON.parse(row.links) as { url: string; label: string }[],
    meetingId: row.meeting_id,
    sessionId: row.session_id,
    descriptionText: row.description_text,
    tags: tags
      .filter((tag) => tag.example_id === row.id)
      .map((tag) => ({ id: tag.id, name: tag.name, curated: tag.curated === 1 })),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    marks: Number(row.marks ?? 0),
    markedByViewer: Number(row.marked ?? 0) > 0,
    messages: Number(row.messages ?? 0),
  }));
}

/** One example as the viewer sees it; undefined when it does not exist. */
export async function findExample(db: Db, id: number, viewerId = 0): Promise<Example | undefined> {
  const row = await selectExamples(db, viewerId).where('e.id', '=', id).executeTakeFirst();
  return row ? (await toExamples(db, [row]))[0] : undefined;
}

/**
 * A network's examples that pass the filter: newest first, or most marked or most discussed first (then newest). The year is
 * the year it was added, in the Netherlands' calendar as UTC is close enough for a yearly overview.
 */
export async function listExamples(
  db: Db,
  networkId: number,
  options: { filter?: ExampleFilter; sort?: 'newest' | 'marked' | 'discussed'; viewerId: number; limit?: number },
): Promise<Example[]> {
  const filter = options.filter ?? {};
  let query = selectExamples(db, options.viewerId).where('e.network_id', '=', networkId);
  if (filter.organisationId !== undefined) query = query.where('e.organisation_id', '=', filter.organisationId);
  if (filter.status !== undefined) query = query.where('e.status', '=', filter.status);
  if (filter.meetingId !== undefined) query = query.where('e.meeting_id', '=', filter.meetingId);
  if (filter.year !== undefined) {
    query = query
      .where('e.created_at', '>=', Date.UTC(filter.year, 0, 1))
      .where('e.created_at', '<', Date.UTC(filter.year + 1, 0, 1));
  }
  if (filter.tagId !== undefined) {
    const tagId = filter.tagId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('example_tag_links as l')
          .select('l.tag_id')
          .whereRef('l.example_id', '=', 'e.id')
          .where('l.tag_id', '=', tagId),
      ),
    );
  }
  if (options.sort === 'marked') query = query.orderBy('marks', 'desc');
  if (options.sort === 'discussed') query = query.orderBy('messages', 'desc');
  query = query.orderBy('e.created_at', 'desc').orderBy('e.id', 'desc');
  return toExamples(db, await query.limit(options.limit ?? 500).execute());
}

/** The network's tags, curated ones first, with how many examples carry each. */
export async function listExampleTags(db: Db, networkId: number): Promise<ExampleTag[]> {
  const rows = await db
    .selectFrom('example_tags as t')
    .leftJoin('example_tag_links as l', 'l.tag_id', 't.id')
    .select(['t.id', 't.name', 't.curated'])
    .select((eb) => eb.fn.count<number>('l.example_id').as('examples'))
    .where('t.network_id', '=', networkId)
    .groupBy('t.id')
    .orderBy('t.curated', 'desc')
    .orderBy('t.name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    curated: row.curated === 1,
    examples: Number(row.examples),
  }));
}

/** Adds a tag to the network's curated list (or takes it off); false for another network's tag. */
export async function setTagCurated(db: Db, networkId: number, tagId: number, curated: boolean): Promise<boolean> {
  const result = await db
    .updateTable('example_tags')
    .set({ curated: curated ? 1 : 0 })
    .where('id', '=', tagId)
    .where('network_id', '=', networkId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Adds the member's 'this helped us too' mark (once) or takes it away. */
export async function setExampleMark(db: Db, exampleId: number, userId: number, marked: boolean): Promise<void> {
  if (marked) {
    await db
      .insertInto('example_marks')
      .values({ example_id: exampleId, user_id: userId, created_at: Date.now() })
      .onConflict((oc) => oc.columns(['example_id', 'user_id']).doNothing())
      .execute();
  } else {
    await db.deleteFrom('example_marks').where('example_id', '=', exampleId).where('user_id', '=', userId).execute();
  }
}

/** Counts for the library's charts: examples per tag, per year added, and per city. */
export async function exampleStatistics(db: Db, networkId: number) {
  const byYear = await sql<{ year: number; count: number }>`
    SELECT ${yearOfMillis(db, sql.ref('created_at'))} AS year, COUNT(*) AS count
    FROM examples WHERE network_id = ${networkId} GROUP BY year ORDER BY year`.execute(db);
  const byOrganisation = await db
    .selectFrom('examples')
    .innerJoin('organisations', 'organisations.id', 'examples.organisation_id')
    .select(['organisations.id', 'organisations.name'])
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('examples.network_id', '=', networkId)
    .groupBy('organisations.id')
    .orderBy('count', 'desc')
    .execute();
  const byTag = (await listExampleTags(db, networkId)).filter((tag) => tag.examples > 0);
  return {
    byTag: byTag.map((tag) => ({ id: tag.id, name: tag.name, count: tag.examples })),
    byYear: byYear.rows.map((row) => ({ year: Number(row.year), count: Number(row.count) })),
    byOrganisation: byOrganisation.map((row) => ({ id: row.id, name: row.name, count: Number(row.count) })),
  };
}
