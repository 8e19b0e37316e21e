import {
  addNotification,
  listUnmailedNotifications,
  NOTIFICATIONS_PER_USER,
  pruneReadNotifications,
} from '@klankbord/db';
import { waitFor } from '@klankbord/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../api/support.ts';
import { tokens, useMembersServer } from '../programme/support.ts';
import { openEventStream } from '../support/events.ts';
import { inbox, userIds, type Who } from './support.ts';

const ctx = useMembersServer({ perTest: true });
let ids: Record<Who, number>;

beforeEach(async () => {
  ids = await userIds(ctx);
});

/** Stores notifications for a member straight in the database, as a producer would. */
async function arrange(who: Who, count: number, now = Date.now()): Promise<number[]> {
  const made: number[] = [];
  for (let i = 0; i < count; i++) {
    const id = await addNotification(
      ctx.server.db,
      {
        userId: ids[who],
        networkId: ctx.ngs.networkId,
        kind: 'mention',
        link: '/networks/ngs',
        params: { actor: `Persoon ${i}` },
        dedupeKey: `test:${who}:${now}:${i}`,
      },
      now + i,
    );
    made.push(id!);
  }
  return made;
}

describe('the inbox', () => {
  it('forgets what a network told someone once they are no longer its member, and mails none of it', async () => {
    await arrange('deelnemer', 3);
    const unmailed = () => listUnmailedNotifications(ctx.server.db, 'direct', { since: 0, limit: 100 });
    expect((await unmailed()).filter((n) => n.userId === ids.deelnemer)).toHaveLength(3);
    const removed = await ctx.api('secretariaat').delete(`/api/networks/ngs/members/${ids.deelnemer}`);
    expect(removed.status).toBe(204);
    expect((await inbox(ctx, 'deelnemer')).unread).toBe(0);
    expect((await unmailed()).filter((n) => n.userId === ids.deelnemer)).toEqual([]);
  });

  it('lists only my own notifications, newest first, a page at a time, with my unread count', async () => {
    await arrange('deelnemer', 35);
    await arrange('gast', 2);
    const first = await ctx.api('deelnemer').get('/api/notifications');
    expect(first.status).toBe(200);
    expect(first.body.unread).toBe(35);
    expect(first.body.more).toBe(true);
    expect(first.body.notifications).toHaveLength(30);
    expect(first.body.notifications[0].params.actor).toBe('Persoon 34');
    const last = first.body.notifications.at(-1).id;
    const second = await ctx.api('deelnemer').get(`/api/notifications?before=${last}`);
    expect(second.body.notifications).toHaveLength(5);
    expect(second.body.more).toBe(false);
    expect((await inbox(ctx, 'gast')).unread).toBe(2);
    expect((await new ApiClient(ctx.server.httpUrl).get('/api/notifications')).status).toBe(401);
    expect((await ctx.api('deelnemer').get('/api/notifications?before=abc')).status).toBe(400);
  });

  it('marks read what I name or all of mine, and never anyone else’s', async () => {
    const mine = await arrange('deelnemer', 3);
    const theirs = await arrange('gast', 2);
    const marked = await ctx.api('deelnemer').post('/api/notifications/read', { ids: [mine[0], theirs[0], theirs[1]] });
    expect(marked.status).toBe(200);
    expect(marked.body.unread).toBe(2);
    expect((await inbox(ctx, 'gast')).unread).toBe(2);
    expect((await ctx.api('deelnemer').post('/api/notifications/read', { all: true })).body.unread).toBe(0);
    expect((await inbox(ctx, 'gast')).unread).toBe(2);
    for (const bad of [
      {},
      { ids: [] },
      { ids: ['x'] },
      { all: false },
      { ids: Array.from({ length: 101 }, (_, i) => i + 1) },
    ]) {
      expect((await ctx.api('gast').post('/api/notifications/read', bad)).status).toBe(400);
    }
    expect((await inbox(ctx, 'gast')).unread).toBe(2);
  });

  it(`keeps at most ${NOTIFICATIONS_PER_USER} per person, dropping the oldest, and forgets read ones after 90 days`, async () => {
    await arrange('deelnemer', NOTIFICATIONS_PER_USER + 20);
    const count = async (who: Who) =>
      Number(
        (
          await ctx.server.db
            .selectFrom('notifications')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('user_id', '=', ids[who])
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('deelnemer')).toBe(NOTIFICATIONS_PER_USER);
    const oldest = await ctx.server.db
      .selectFrom('notifications')
      .select('params')
      .where('user_id', '=', ids.deelnemer)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(oldest.params).actor).toBe('Persoon 20');

    const day = 24 * 60 * 60 * 1000;
    const [old, recent, unread] = await arrange('gast', 3);
    await ctx.server.db
      .updateTable('notifications')
      .set({ read_at: Date.now() - 91 * day })
      .where('id', '=', old!)
      .execute();
    await ctx.server.db
      .updateTable('notifications')
      .set({ read_at: Date.now() - 89 * day })
      .where('id', '=', recent!)
      .execute();
    expect(await pruneReadNotifications(ctx.server.db)).toBe(1);
    const left = await ctx.server.db.selectFrom('notifications').select('id').where('user_id', '=', ids.gast).execute();
    expect(left.map((row) => row.id).sort()).toEqual([recent, unread].sort());
  });

  it('pushes the new unread count to my open event streams only', async () => {
    const mine = await openEventStream(ctx.server.httpUrl, 'ngs', tokens.klankbordgroep);
    const theirs = await openEventStream(ctx.server.httpUrl, 'ngs', tokens.gast);
    try {
      await waitFor(
        () => mine.events.some((e) => e.event === 'ready') && theirs.events.some((e) => e.event === 'ready'),
        'both streams to be ready',
      );
      const meetingId = (
        await ctx.api('secretariaat').post('/api/networks/ngs/meetings', {
          title: 'Netwerkdag Breda',
          dates: ['2026-11-05'],
          format: 'in-person',
          hostOrganisationId: null,
          venue: '',
        })
      ).body.meeting.id;
      const thread = await ctx.api('secretariaat').get(`/api/threads?subject=meeting:${meetingId}`);
      const posted = await ctx.api('secretariaat').post(`/api/threads/${thread.body.thread.id}/messages`, {
        body: 'Kijk je mee?',
        mentions: [ids.klankbordgroep],
      });
      expect(posted.status).toBe(201);
      await waitFor(() => mine.events.some((e) => e.event === 'notification.created'), 'notification.created');
      expect(mine.events.find((e) => e.event === 'notification.created')?.data).toEqual({
        type: 'notification.created',
        unread: 1,
      });
      expect(theirs.events.some((e) => e.event === 'notification.created')).toBe(false);
    } finally {
      mine.close();
      theirs.close();
    }
  });
});

describe('mail preferences', () => {
  it('starts from the defaults and keeps my choice per kind, refusing what is not a kind or a delivery', async () => {
    const start = await ctx.api('deelnemer').get('/api/notifications/preferences');
    expect(start.body.preferences).toEqual({
      mention: 'direct',
      'afspraak.assigned': 'direct',
      'afspraak.due': 'daily',
      'comment.reply': 'daily',
      'meeting.stage': 'daily',
      'barrier.reported': 'direct',
    });
    const set = await ctx
      .api('deelnemer')
      .put('/api/notifications/preferences', { mention: 'daily', 'meeting.stage': 'off' });
    expect(set.status).toBe(200);
    expect(set.body.preferences).toEqual(expect.objectContaining({ mention: 'daily', 'meeting.stage': 'off' }));
    for (const bad of [{ mention: 'weekly' }, { spam: 'off' }, { mention: null }]) {
      expect((await ctx.api('deelnemer').put('/api/notifications/preferences', bad)).status).toBe(400);
    }
    const after = await ctx.api('deelnemer').get('/api/notifications/preferences');
    expect(after.body.preferences).toEqual(expect.objectContaining({ mention: 'daily', 'meeting.stage': 'off' }));
    // Someone else's choices are their own.
    expect((await ctx.api('gast').get('/api/notifications/preferences')).body.preferences.mention).toBe('direct');
  });
});
