import { MAX_IGNORED_SUGGESTIONS, MAX_TOPICS_PER_NETWORK, type MeetingStatus, topicKey } from '@klankbord/domain';
import { type Db, inTransaction } from './connection.ts';
import { tagKey } from './examples.ts';
import { lockUntilCommit } from './transaction-lock.ts';

/** A recurring topic with the themes the secretariat put in it. */
export interface Topic {
  id: number;
  name: string;
  themeIds: number[];
}

/** A chosen theme of one of a network's netwerkdagen, with the topic it is in (null: none yet). */
export interface TimelineTheme {
  id: number;
  meetingId: number;
  title: string;
  topicId: number | null;
}

/** Why a change to the topics was refused. */
export type TopicRefusal = 'tooMany' | 'taken' | 'themeInvalid' | 'notFound';

/** A network's topics by name, each with its theme ids. */
export async function listTopics(db: Db, networkId: number): Promise<Topic[]> {
  const topics = await db
    .selectFrom('topics')
    .select(['id', 'name'])
    .where('network_id', '=', networkId)
    .orderBy('key')
    .execute();
  const links = await db
    .selectFrom('topic_themes')
    .innerJoin('topics', 'topics.id', 'topic_themes.topic_id')
    .select(['topic_themes.topic_id as topicId', 'topic_themes.theme_id as themeId'])
    .where('topics.network_id', '=', networkId)
    .execute();
  return topics.map((topic) => ({
    ...topic,
    themeIds: links.filter((link) => link.topicId === topic.id).map((link) => link.themeId),
  }));
}

/** The chosen themes of a network's netwerkdagen, in the order they were proposed, with their topic. */
export async function listTimelineThemes(db: Db, networkId: number): Promise<TimelineTheme[]> {
  return db
    .selectFrom('themes')
    .innerJoin('meetings', 'meetings.id', 'themes.meeting_id')
    .leftJoin('topic_themes', 'topic_themes.theme_id', 'themes.id')
    .select([
      'themes.id as id',
      'themes.meeting_id as meetingId',
      'themes.title as title',
      'topic_themes.topic_id as topicId',
    ])
    .where('meetings.network_id', '=', networkId)
    .where('themes.chosen', '=', 1)
    .orderBy('themes.created_at')
    .orderBy('themes.id')
    .execute();
}

/** The ids among these that are chosen themes of the network's netwerkdagen. */
async function themesOfNetwork(db: Db, networkId: number, themeIds: readonly number[]): Promise<Set<number>> {
  if (themeIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('themes')
    .innerJoin('meetings', 'meetings.id', 'themes.meeting_id')
    .select('themes.id as id')
    .where('meetings.network_id', '=', networkId)
    .where('themes.chosen', '=', 1)
    .where('themes.id', 'in', [...themeIds])
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Puts themes in a topic, taking them out of any other: a theme is in one topic at most. */
async function placeThemes(db: Db, topicId: number, themeIds: readonly number[]): Promise<void> {
  for (const themeId of themeIds) {
    await db
      .insertInto('topic_themes')
      .values({ theme_id: themeId, topic_id: topicId })
      .onConflict((oc) => oc.column('theme_id').doUpdateSet({ topic_id: topicId }))
      .execute();
  }
}

/** Finds a topic of the network; a topic of another network is not found. */
export async function findTopic(db: Db, networkId: number, topicId: number) {
  return db
    .selectFrom('topics')
    .selectAll()
    .where('id', '=', topicId)
    .where('network_id', '=', networkId)
    .executeTakeFirst();
}

/**
 * Creates a topic with themes of the network, within the network's cap. The cap, the unique name and the themes are
 * checked in the transaction that writes, so two requests at once cannot pass the cap together.
 */
export async function createTopic(
  db: Db,
  networkId: number,
  input: { name: string; themeIds: readonly number[] },
  now = Date.now(),
): Promise<{ id: number } | TopicRefusal> {
  return inTransaction(db, async (trx) => {
    await lockUntilCommit(trx, 'topics', networkId);
    const { count } = await trx
      .selectFrom('topics')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('network_id', '=', networkId)
      .executeTakeFirstOrThrow();
    if (Number(count) >= MAX_TOPICS_PER_NETWORK) return 'tooMany';
    const themeIds = [...new Set(input.themeIds)];
    if ((await themesOfNetwork(trx, networkId, themeIds)).size !== themeIds.length) return 'themeInvalid';
    const key = topicKey(input.name);
    const taken = await trx
      .selectFrom('topics')
      .select('id')
      .where('network_id', '=', networkId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (taken) return 'taken';
    const topic = await trx
      .insertInto('topics')
      .values({ network_id: networkId, name: input.name, key, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await placeThemes(trx, topic.id, themeIds);
    return { id: topic.id };
  });
}

/** Renames a topic of the network; refused when another topic has that name. */
export async function renameTopic(
  db: Db,
  networkId: number,
  topicId: number,
  name: string,
  now = Date.now(),
): Promise<true | TopicRefusal> {
  return inTransaction(db, async (trx) => {
    await lockUntilCommit(trx, 'topics', networkId);
    if (!(await findTopic(trx, networkId, topicId))) return 'notFound';
    const key = topicKey(name);
    const other = await trx
      .selectFrom('topics')
      .select('id')
      .where('network_id', '=', networkId)
      .where('key', '=', key)
      .where('id', '!=', topicId)
      .executeTakeFirst();
    if (other) return 'taken';
    await trx.updateTable('topics').set({ name, key, updated_at: now }).where('id', '=', topicId).execute();
    return true;
  });
}

/** Deletes a topic of the network; its themes are in no topic afterwards. False when it was not found. */
export async function deleteTopic(db: Db, networkId: number, topicId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('topics')
    .where('id', '=', topicId)
    .where('network_id', '=', networkId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Moves every theme of one topic into another of the same network and deletes the first. */
export async function mergeTopics(
  db: Db,
  networkId: number,
  fromId: number,
  intoId: number,
  now = Date.now(),
): Promise<true | TopicRefusal> {
  return inTransaction(db, async (trx) => {
    const from = await findTopic(trx, networkId, fromId);
    const into = await findTopic(trx, networkId, intoId);
    if (!from || !into || from.id === into.id) return 'notFound';
    await trx.updateTable('topic_themes').set({ topic_id: into.id }).where('topic_id', '=', from.id).execute();
    await trx.deleteFrom('topics').where('id', '=', from.id).execute();
    await trx.updateTable('topics').set({ updated_at: now }).where('id', '=', into.id).execute();
    return true;
  });
}

/** Puts a chosen theme of the network in one of its topics (out of any other). */
export async function assignTheme(
  db: Db,
  networkId: number,
  topicId: number,
  themeId: number,
): Promise<true | TopicRefusal> {
  return inTransaction(db, async (trx) => {
    if (!(await findTopic(trx, networkId, topicId))) return 'notFound';
    if (!(await themesOfNetwork(trx, networkId, [themeId])).has(themeId)) return 'themeInvalid';
    await placeThemes(trx, topicId, [themeId]);
    return true;
  });
}

/** Takes a theme out of a topic of the network; false when it was not in it. */
export async function unassignTheme(db: Db, networkId: number, topicId: number, themeId: number): Promise<boolean> {
  if (!(await findTopic(db, networkId, topicId))) return false;
  const result = await db
    .deleteFrom('topic_themes')
    .where('topic_id', '=', topicId)
    .where('theme_id', '=', themeId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The keys of the suggestions the secretariat ignored. */
export async function listIgnoredSuggestions(db: Db, networkId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('topic_suggestions_ignored')
    .select('key')
    .where('network_id', '=', networkId)
    .execute();
  return new Set(rows.map((row) => row.key));
}

/** Remembers an ignored suggestion; beyond the cap the oldest are forgotten (and may be suggested again). */
export async function ignoreSuggestion(db: Db, networkId: number, key: string, now = Date.now()): Promise<void> {
  await inTransaction(db, async (trx) => {
    await lockUntilCommit(trx, 'topic-suggestions-ignored', networkId);
    await trx
      .insertInto('topic_suggestions_ignored')
      .values({ network_id: networkId, key, created_at: now })
      .onConflict((oc) => oc.columns(['network_id', 'key']).doNothing())
      .execute();
    const keep = trx
      .selectFrom('topic_suggestions_ignored')
      .select('key')
      .where('network_id', '=', networkId)
      .orderBy('created_at', 'desc')
      .orderBy('key')
      .limit(MAX_IGNORED_SUGGESTIONS);
    await trx
      .deleteFrom('topic_suggestions_ignored')
      .where('network_id', '=', networkId)
      .where('key', 'not in', keep)
      .execute();
  });
}

/** A netwerkdag of a topic, with what access needs to know about it and its verslag. */
export interface TopicMeeting {
  id: number;
  title: string;
  date: string;
  status: MeetingStatus;
  reportFinalised: boolean;
  reportPublished: boolean;
}

/** At most this many stellingen and voorbeelden are listed for a topic, newest netwerkdag first. */
export const TOPIC_MATERIAL_LIMIT = 100;

/**
 * What hangs off a topic: the netwerkdagen of its themes (newest first), their stellingen, and the voorbeelden
 * linked to those netwerkdagen. The caller filters them by what the member may see.
 */
export async function topicMaterial(db: Db, topicId: number) {
  const meetings: TopicMeeting[] = (
    await db
      .selectFrom('meetings')
      .leftJoin('reports', 'reports.meeting_id', 'meetings.id')
      .select([
        'meetings.id as id',
        'meetings.title as title',
        'meetings.first_date as date',
        'meetings.status as status',
        'reports.finalised_at as finalisedAt',
        'reports.published_at as publishedAt',
      ])
      .where('meetings.id', 'in', (eb) =>
        eb
          .selectFrom('themes')
          .innerJoin('topic_themes', 'topic_themes.theme_id', 'themes.id')
          .select('themes.meeting_id')
          .where('topic_themes.topic_id', '=', topicId)
          .where('themes.chosen', '=', 1),
      )
      .orderBy('meetings.first_date', 'desc')
      .orderBy('meetings.id', 'desc')
      .execute()
  ).map(({ finalisedAt, publishedAt, ...meeting }) => ({
    ...meeting,
    reportFinalised: finalisedAt !== null,
    reportPublished: publishedAt !== null,
  }));
  const ids = meetings.map((meeting) => meeting.id);
  if (ids.length === 0) return { meetings, statements: [], examples: [] };
  const statements = await db
    .selectFrom('statements')
    .innerJoin('meetings', 'meetings.id', 'statements.meeting_id')
    .select(['statements.id as id', 'statements.meeting_id as meetingId', 'statements.text as text'])
    .where('statements.meeting_id', 'in', ids)
    .orderBy('meetings.first_date', 'desc')
    .orderBy('statements.order_key')
    .limit(TOPIC_MATERIAL_LIMIT)
    .execute();
  // A voorbeeld belongs to a topic when it came from one of its netwerkdagen, or carries a tag named as the topic
  // or one of its themes.
  const themeTitles = await db
    .selectFrom('themes')
    .innerJoin('topic_themes', 'topic_themes.theme_id', 'themes.id')
    .select('themes.title')
    .where('topic_themes.topic_id', '=', topicId)
    .execute();
  const topic = await db
    .selectFrom('topics')
    .select(['key', 'network_id'])
    .where('id', '=', topicId)
    .executeTakeFirst();
  const tagKeys = [...new Set([topic?.key ?? '', ...themeTitles.map((theme) => tagKey(theme.title))])];
  const examples = await db
    .selectFrom('examples')
    .select(['id', 'title', 'meeting_id as meetingId'])
    .where('network_id', '=', topic?.network_id ?? 0)
    .where((eb) =>
      eb.or([
        eb('meeting_id', 'in', ids),
        eb(
          'id',
          'in',
          eb
            .selectFrom('example_tag_links')
            .innerJoin('example_tags', 'example_tags.id', 'example_tag_links.tag_id')
            .select('example_tag_links.example_id')
            .where('example_tags.network_id', '=', topic?.network_id ?? 0)
            .where('example_tags.key', 'in', tagKeys),
        ),
      ]),
    )
    .orderBy('updated_at', 'desc')
    .limit(TOPIC_MATERIAL_LIMIT)
    .execute();
  return { meetings, statements, examples };
}
