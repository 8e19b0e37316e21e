import { createAfspraak, setMeetingStatus } from '@klankbord/db';
import { todayInNetherlands } from '@klankbord/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { notifyDueAfspraken } from '../../src/notifications/due-sweep.ts';
import { useMembersServer } from '../programme/support.ts';
import { inbox, kindsOf, mailingDeps, meetingIn, meetingWithReport, userIds, type Who } from './support.ts';

const ctx = useMembersServer({ perTest: true });
let ids: Record<Who, number>;

beforeEach(async () => {
  ids = await userIds(ctx);
});

async function openThread(who: Who, subject: string): Promise<number> {
  const response = await ctx.api(who).get(`/api/threads?subject=${encodeURIComponent(subject)}`);
  expect(response.status).toBe(200);
  return response.body.thread.id;
}

async function post(who: Who, threadId: number, body: string, mentions: number[] = []) {
  const response = await ctx.api(who).post(`/api/threads/${threadId}/messages`, { body, mentions });
  expect(response.status).toBe(201);
  return response.body.message as { id: number };
}

const plusDays = (days: number) => {
  const day = new Date(`${todayInNetherlands()}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
};

describe('mentions', () => {
  it('tells each mentioned member once, with a link to the discussion and the author in its text', async () => {
    const meetingId = await meetingIn(ctx, 'live');
    const threadId = await openThread('deelnemer', `meeting:${meetingId}`);
    await post('deelnemer', threadId, 'Wat vinden jullie?', [ids.klankbordgroep, ids.secretariaat, ids.deelnemer]);
    const { notifications, unread } = await inbox(ctx, 'klankbordgroep');
    expect(unread).toBe(1);
    expect(notifications).toEqual([
      expect.objectContaining({
        kind: 'mention',
        link: `/networks/ngs/meetings/${meetingId}`,
        params: { actor: 'deelnemer', meeting: 'Netwerkdag Utrecht' },
        readAt: null,
      }),
    ]);
    expect(await kindsOf(ctx, 'secretariaat')).toEqual(['mention']);
    // Mentioning yourself tells nobody.
    expect(await kindsOf(ctx, 'deelnemer')).toEqual([]);
  });

  it('tells only members who may read the thread: not a deelnemer or gast before the programme is out', async () => {
    const meetingId = await meetingIn(ctx, 'preparation');
    const threadId = await openThread('secretariaat', `meeting:${meetingId}`);
    await post('secretariaat', threadId, 'Voorbereiding', [ids.klankbordgroep, ids.deelnemer, ids.gast]);
    expect(await kindsOf(ctx, 'klankbordgroep')).toEqual(['mention']);
    expect(await kindsOf(ctx, 'deelnemer')).toEqual([]);
    expect(await kindsOf(ctx, 'gast')).toEqual([]);
    // A member of another network cannot be mentioned at all, so is never told.
    const refused = await ctx.api('secretariaat').post(`/api/threads/${threadId}/messages`, {
      body: 'Buiten',
      mentions: [ids.elders],
    });
    expect(refused.status).toBe(400);
    expect(await kindsOf(ctx, 'elders')).toEqual([]);
  });

  it('tells only those newly mentioned when a message is edited, never twice', async () => {
    const meetingId = await meetingIn(ctx, 'live');
    const threadId = await openThread('deelnemer', `meeting:${meetingId}`);
    const message = await post('deelnemer', threadId, 'Eerste', [ids.klankbordgroep]);
    for (const body of ['Tweede', 'Derde', 'Vierde']) {
      const edited = await ctx.api('deelnemer').patch(`/api/messages/${message.id}`, {
        body,
        mentions: [ids.klankbordgroep, ids.secretariaat],
      });
      expect(edited.status).toBe(200);
    }
    expect(await kindsOf(ctx, 'klankbordgroep')).toEqual(['mention']);
    expect(await kindsOf(ctx, 'secretariaat')).toEqual(['mention']);
  });
});

describe('replies', () => {
  it('tells who started a thread about each reply by someone else, unless the reply mentions them', async () => {
    const meetingId = await meetingIn(ctx, 'live');
    const threadId = await openThread('deelnemer', `meeting:${meetingId}`);
    await post('deelnemer', threadId, 'Mijn vraag');
    await post('deelnemer', threadId, 'Nog een aanvulling van mijzelf');
    expect(await kindsOf(ctx, 'deelnemer')).toEqual([]);
    await post('klankbordgroep', threadId, 'Een antwoord');
    await post('secretariaat', threadId, 'Zie hierboven', [ids.deelnemer]);
    expect(await kindsOf(ctx, 'deelnemer')).toEqual(['comment.reply', 'mention']);
    const { notifications } = await inbox(ctx, 'deelnemer');
    expect(notifications[1]).toEqual(
      expect.objectContaining({ params: expect.objectContaining({ actor: 'programma-kbg' }) }),
    );
    // Who replied is not told about their own reply, nor is the klankbordgroep about later ones (not their thread).
    expect(await kindsOf(ctx, 'klankbordgroep')).toEqual([]);
  });

  it('tells the author of a comment on the verslag about a reply in its thread, with a link to the verslag', async () => {
    const { meetingId, anchor, quote } = await meetingWithReport(ctx);
    const made = await ctx.api('deelnemer').post(`/api/meetings/${meetingId}/report/comments`, {
      anchor,
      quote,
      body: 'Klopt deze datum?',
    });
    expect(made.status).toBe(201);
    const threadId = await openThread('klankbordgroep', `comment:${made.body.comment.id}`);
    await post('klankbordgroep', threadId, 'Ja, dat klopt.');
    const { notifications } = await inbox(ctx, 'deelnemer');
    expect(notifications).toEqual([
      expect.objectContaining({ kind: 'comment.reply', link: `/networks/ngs/meetings/${meetingId}/report` }),
    ]);
  });
});

describe('afspraken', () => {
  it('tells a member an afspraak was assigned to them, and not who assigns one to themselves', async () => {
    const { meetingId, anchor, quote } = await meetingWithReport(ctx);
    const made = await ctx.api('secretariaat').post(`/api/meetings/${meetingId}/afspraken`, {
      anchor,
      quote,
      description: 'Advies rondsturen',
      ownerUserId: ids.deelnemer,
      dueDate: '2026-12-01',
    });
    expect(made.status).toBe(201);
    const { notifications } = await inbox(ctx, 'deelnemer');
    expect(notifications).toEqual([
      expect.objectContaining({
        kind: 'afspraak.assigned',
        link: '/networks/ngs/afspraken',
        params: { title: 'Advies rondsturen', meeting: 'Netwerkdag Utrecht', date: '2026-12-01' },
      }),
    ]);
    const own = await ctx.api('secretariaat').post(`/api/meetings/${meetingId}/afspraken`, {
      anchor,
      quote,
      description: 'Zelf doen',
      ownerUserId: ids.secretariaat,
    });
    expect(own.status).toBe(201);
    // Handing it over to the klankbordgroep tells them; editing the description does not tell anyone again.
    const moved = await ctx.api('secretariaat').patch(`/api/afspraken/${own.body.afspraak.id}`, {
      ownerUserId: ids.klankbordgroep,
    });
    expect(moved.status).toBe(200);
    await ctx.api('secretariaat').patch(`/api/afspraken/${own.body.afspraak.id}`, { description: 'Anders' });
    expect(await kindsOf(ctx, 'secretariaat')).toEqual([]);
    expect(await kindsOf(ctx, 'klankbordgroep')).toEqual(['afspraak.assigned']);
  });

  it('tells owners once about an open afspraak due within a week, however often the sweep runs', async () => {
    const meetingId = await meetingIn(ctx, 'reporting');
    const make = (description: string, dueDate: string | null, ownerUserId = ids.deelnemer) =>
      createAfspraak(ctx.server.db, {
        networkId: ctx.ngs.networkId,
        meetingId,
        anchor: { start: 'AAAA', end: 'AAAA' },
        quote: '',
        description,
        ownerUserId,
        ownerOrganisationId: null,
        dueDate,
        createdBy: ids.secretariaat,
      });
    const soon = await make('Binnenkort af', plusDays(3));
    await make('Vandaag af', plusDays(0));
    await make('Later af', plusDays(10));
    await make('Te laat', plusDays(-1));
    await make('Zonder datum', null);
    const deps = mailingDeps(ctx.server);
    expect(await notifyDueAfspraken(deps)).toBe(2);
    expect(await notifyDueAfspraken(deps)).toBe(0);
    const { notifications } = await inbox(ctx, 'deelnemer');
    expect(notifications.map((n) => n.params.title).sort()).toEqual(['Binnenkort af', 'Vandaag af']);
    // A new due date is news again.
    await ctx.server.db
      .updateTable('afspraken')
      .set({ due_date: plusDays(5) })
      .where('id', '=', soon.id)
      .execute();
    expect(await notifyDueAfspraken(deps)).toBe(1);
  });
});

describe('stages of a netwerkdag', () => {
  it('tells the members who may see the programme once it is published, once, and nobody elsewhere', async () => {
    const meetingId = await meetingIn(ctx, 'preparation');
    const publish = () => ctx.api('secretariaat').post(`/api/meetings/${meetingId}/status`, { status: 'published' });
    expect((await publish()).status).toBe(200);
    for (const who of ['klankbordgroep', 'deelnemer', 'gast'] as const) {
      expect(await kindsOf(ctx, who)).toEqual(['meeting.stage:programme']);
    }
    const { notifications } = await inbox(ctx, 'gast');
    expect(notifications[0]?.link).toBe(`/networks/ngs/meetings/${meetingId}/programme`);
    expect(await kindsOf(ctx, 'secretariaat')).toEqual([]);
    expect(await kindsOf(ctx, 'elders')).toEqual([]);
    // Back to preparation and published again: nobody is told twice.
    expect(await setMeetingStatus(ctx.server.db, meetingId, 'published', 'preparation')).toBe(true);
    expect((await publish()).status).toBe(200);
    expect(await kindsOf(ctx, 'deelnemer')).toEqual(['meeting.stage:programme']);
  });

  it('tells those who may vote that voting on a stelling opened, and not a gast', async () => {
    const meetingId = await meetingIn(ctx, 'live');
    const made = await ctx.api('secretariaat').post(`/api/meetings/${meetingId}/statements`, {
      text: 'Carbid hoort bij oud en nieuw',
    });
    expect(made.status).toBe(201);
    const open = await ctx.api('secretariaat').post(`/api/statements/${made.body.statement.id}/voting`, { open: true });
    expect(open.status).toBe(200);
    const { notifications } = await inbox(ctx, 'deelnemer');
    expect(notifications).toEqual([
      expect.objectContaining({
        kind: 'meeting.stage',
        params: { stage: 'voting', meeting: 'Netwerkdag Utrecht', title: 'Carbid hoort bij oud en nieuw' },
      }),
    ]);
    expect(await kindsOf(ctx, 'klankbordgroep')).toEqual(['meeting.stage:voting']);
    expect(await kindsOf(ctx, 'gast')).toEqual([]);
    await ctx.api('secretariaat').post(`/api/statements/${made.body.statement.id}/voting`, { open: false });
    await ctx.api('secretariaat').post(`/api/statements/${made.body.statement.id}/voting`, { open: true });
    expect(await kindsOf(ctx, 'deelnemer')).toEqual(['meeting.stage:voting']);
  });

  it('tells every member who may read it that the verslag is published', async () => {
    const { meetingId } = await meetingWithReport(ctx);
    const finalise = await ctx
      .api('secretariaat')
      .post(`/api/meetings/${meetingId}/report/finalise`, { name: 'Definitief' });
    expect(finalise.status).toBe(200);
    expect(await kindsOf(ctx, 'deelnemer')).toEqual([]);
    expect((await ctx.api('secretariaat').post(`/api/meetings/${meetingId}/report/publish`)).status).toBe(200);
    for (const who of ['klankbordgroep', 'deelnemer', 'gast'] as const) {
      expect(await kindsOf(ctx, who)).toEqual(['meeting.stage:report']);
    }
    const { notifications } = await inbox(ctx, 'gast');
    expect(notifications[0]?.link).toBe(`/networks/ngs/meetings/${meetingId}/report/published`);
    expect(await kindsOf(ctx, 'elders')).toEqual([]);
  });
});
