import {
  assignTheme,
  createTopic,
  deleteTopic,
  findTopic,
  ignoreSuggestion,
  listArchiveMeetings,
  listIgnoredSuggestions,
  listTimelineThemes,
  listTopics,
  mergeTopics,
  renameTopic,
  type TopicRefusal,
  topicMaterial,
  unassignTheme,
} from '@klankbord/db';
import { decide, topicInput, topicMergeInput, topicRenameInput, topicSuggestionKey } from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import { authoriseNetwork, mayInMeeting, type NetworkAccess } from '../access/authorise.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail } from '../errors.ts';
import { suggestTopics } from '../topic-suggestions.ts';
import { valid } from '../validate.ts';

const id = z.coerce.number().int().positive('id.invalid');
const slugParam = z.object({ slug: z.string() });
const topicParam = slugParam.extend({ topicId: id });
const themeParam = topicParam.extend({ themeId: id });
const suggestionParam = slugParam.extend({ key: topicSuggestionKey });

/** A refused change to the topics as the API answers it. */
function refuse(refusal: TopicRefusal): never {
  if (refusal === 'tooMany') fail(409, 'topic.tooMany');
  if (refusal === 'taken') fail(409, 'invalid_input', { name: 'topic.taken' });
  if (refusal === 'themeInvalid') fail(400, 'invalid_input', { themeIds: 'themeIds.invalid' });
  fail(404, 'not_found');
}

/**
 * The theme timeline of a network: its netwerkdagen with their chosen themes, the recurring topics the secretariat
 * groups them into, and, for the secretariat, groupings suggested from the themes' words. Every member reads it,
 * each seeing only the netwerkdagen they may see; only the secretariat (topic.curate) changes the topics.
 */
export function timelineRoutes(deps: Deps) {
  const suggestionsFor = async (networkId: number) => {
    const [themes, topics, ignored] = await Promise.all([
      listTimelineThemes(deps.db, networkId),
      listTopics(deps.db, networkId),
      listIgnoredSuggestions(deps.db, networkId),
    ]);
    return suggestTopics(themes, topics, ignored);
  };

  const timelineOf = async ({ network, role }: NetworkAccess) => {
    const meetings = (await listArchiveMeetings(deps.db, network.id, network.slug))
      .filter((meeting) => mayInMeeting(role, 'theme.view', meeting.status))
      .reverse();
    const visible = new Set(meetings.map((meeting) => meeting.id));
    const themes = (await listTimelineThemes(deps.db, network.id)).filter((theme) => visible.has(theme.meetingId));
    const meetingOf = new Map(themes.map((theme) => [theme.id, theme.meetingId]));
    const topics = (await listTopics(deps.db, network.id)).map((topic) => {
      const themeIds = topic.themeIds.filter((themeId) => meetingOf.has(themeId));
      const meetingIds = [...new Set(themeIds.map((themeId) => meetingOf.get(themeId)!))];
      return { id: topic.id, name: topic.name, themeIds, meetingIds };
    });
    const mayCurate = decide('network', 'topic.curate', { role }) === 'allow';
    return {
      meetings: meetings.map((meeting) => ({
        id: meeting.id,
        title: meeting.title,
        date: meeting.date,
        hostCity: meeting.hostCity,
        themes: themes
          .filter((theme) => theme.meetingId === meeting.id)
          .map((theme) => ({ id: theme.id, title: theme.title, topicId: theme.topicId })),
      })),
      topics,
      mayCurate,
      suggestions: mayCurate ? await suggestionsFor(network.id) : [],
    };
  };

  const curate = (c: { get(key: 'principal'): AppEnv['Variables']['principal'] }, slug: string) =>
    authoriseNetwork(deps.db, c.get('principal'), slug, 'topic.curate');
  /** Tells every member's open timeline that the topics changed; their pages load them again. */
  const changed = (networkId: number, topicId: number | null) =>
    deps.live.publish(
      networkId,
      { type: 'topic.changed', topicId },
      { type: 'network', need: 'network.view', facts: {} },
    );

  return new Hono<AppEnv>()
    .get('/networks/:slug/timeline', valid('param', slugParam), async (c) => {
      const access = await authoriseNetwork(deps.db, c.get('principal'), c.req.valid('param').slug, 'network.view');
      return c.json(await timelineOf(access));
    })
    .get('/networks/:slug/topics/:topicId', valid('param', topicParam), async (c) => {
      const { slug, topicId } = c.req.valid('param');
      const { network, role } = await authoriseNetwork(deps.db, c.get('principal'), slug, 'network.view');
      const topic = await findTopic(deps.db, network.id, topicId);
      if (!topic) fail(404, 'not_found');
      const material = await topicMaterial(deps.db, topic.id);
      const meetings = material.meetings.filter((meeting) => mayInMeeting(role, 'theme.view', meeting.status));
      const seen = new Set(meetings.map((meeting) => meeting.id));
      // A verslag is linked as the member may read it: its published final version, or the text as it is now.
      const reports = meetings.flatMap((meeting) => {
        const facts = { role, meeting };
        if (decide('report', 'readFinal', facts) === 'allow' && meeting.reportPublished)
          return [{ meetingId: meeting.id, title: meeting.title, date: meeting.date, published: true }];
        if (decide('report', 'read', facts) === 'allow')
          return [{ meetingId: meeting.id, title: meeting.title, date: meeting.date, published: false }];
        return [];
      });
      return c.json({
        topic: { id: topic.id, name: topic.name },
        meetings: meetings.map(({ id, title, date }) => ({ id, title, date })),
        reports,
        statements: material.statements.filter((statement) => seen.has(statement.meetingId)),
        // Voorbeelden are for every member of the network (access.ts, example: read).
        examples: material.examples,
      });
    })
    .post('/networks/:slug/topics', valid('param', slugParam), valid('json', topicInput), async (c) => {
      const { network } = await curate(c, c.req.valid('param').slug);
      const created = await createTopic(deps.db, network.id, c.req.valid('json'));
      if (typeof created === 'string') refuse(created);
      changed(network.id, created.id);
      return c.json({ topic: { id: created.id } }, 201);
    })
    .patch(
      '/networks/:slug/topics/:topicId',
      valid('param', topicParam),
      valid('json', topicRenameInput),
      async (c) => {
        const { slug, topicId } = c.req.valid('param');
        const { network } = await curate(c, slug);
        const renamed = await renameTopic(deps.db, network.id, topicId, c.req.valid('json').name);
        if (renamed !== true) refuse(renamed);
        changed(network.id, topicId);
        return c.json({ ok: true });
      },
    )
    .delete('/networks/:slug/topics/:topicId', valid('param', topicParam), async (c) => {
      const { slug, topicId } = c.req.valid('param');
      const { network } = await curate(c, slug);
      if (!(await deleteTopic(deps.db, network.id, topicId))) fail(404, 'not_found');
      changed(network.id, topicId);
      return c.body(null, 204);
    })
    .post(
      '/networks/:slug/topics/:topicId/merge',
      valid('param', topicParam),
      valid('json', topicMergeInput),
      async (c) => {
        const { slug, topicId } = c.req.valid('param');
        const { network } = await curate(c, slug);
        const merged = await mergeTopics(deps.db, network.id, topicId, c.req.valid('json').intoTopicId);
        if (merged !== true) refuse(merged);
        changed(network.id, null);
        return c.json({ ok: true });
      },
    )
    .put('/networks/:slug/topics/:topicId/themes/:themeId', valid('param', themeParam), async (c) => {
      const { slug, topicId, themeId } = c.req.valid('param');
      const { network } = await curate(c, slug);
      const assigned = await assignTheme(deps.db, network.id, topicId, themeId);
      if (assigned !== true) refuse(assigned);
      changed(network.id, topicId);
      return c.json({ ok: true });
    })
    .delete('/networks/:slug/topics/:topicId/themes/:themeId', valid('param', themeParam), async (c) => {
      const { slug, topicId, themeId } = c.req.valid('param');
      const { network } = await curate(c, slug);
      if (!(await unassignTheme(deps.db, network.id, topicId, themeId))) fail(404, 'not_found');
      changed(network.id, topicId);
      return c.body(null, 204);
    })
    .post('/networks/:slug/topic-suggestions/:key/accept', valid('param', suggestionParam), async (c) => {
      const { slug, key } = c.req.valid('param');
      const { network } = await curate(c, slug);
      // Only a suggestion the server makes now is carried out: the key names nothing the caller made up.
      const suggestion = (await suggestionsFor(network.id)).find((s) => s.key === key);
      if (!suggestion) fail(404, 'not_found');
      const done =
        suggestion.kind === 'join'
          ? await assignTheme(deps.db, network.id, suggestion.topicId, suggestion.themeId)
          : await createTopic(deps.db, network.id, { name: suggestion.name, themeIds: suggestion.themeIds });
      if (typeof done === 'string') refuse(done);
      changed(network.id, suggestion.kind === 'join' ? suggestion.topicId : done === true ? null : done.id);
      return c.json({ ok: true });
    })
    .post('/networks/:slug/topic-suggestions/:key/ignore', valid('param', suggestionParam), async (c) => {
      const { slug, key } = c.req.valid('param');
      const { network } = await curate(c, slug);
      // Storing only keys of current suggestions bounds what a caller can make the server keep.
      if (!(await suggestionsFor(network.id)).some((s) => s.key === key)) fail(404, 'not_found');
      await ignoreSuggestion(deps.db, network.id, key);
      return c.body(null, 204);
    });
}
