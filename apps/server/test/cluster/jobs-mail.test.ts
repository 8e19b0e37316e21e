import { findUserByEmail } from '@klankbord/db';
import { type ReceivedMail, startMailServer, waitFor } from '@klankbord/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { flushDirectMail, sendDigests } from '../../src/notifications/mailing.ts';
import { ApiClient } from '../api/support.ts';
import { mailingDeps } from '../notifications/support.ts';
import { arrangeMeeting, moveMeeting, tokens } from '../programme/support.ts';
import type { TestServer } from '../support/server.ts';
import { startTwoInstances, stopInstances } from './jobs-support.ts';

// Two instances on one PostgreSQL database, both with the notification jobs, mailing through one real SMTP server.
const mail = await startMailServer();
afterAll(() => mail.close());

const emails = {
  secretariaat: 'programma-sec@example.nl',
  klankbordgroep: 'programma-kbg@example.nl',
  gast: 'gast@example.nl',
} as const;
type Person = keyof typeof emails;

const mailsTo = (who: Person) => mail.messages.filter((message) => message.to.includes(emails[who]));
/** Which instance sent a mail: its links start with that instance's address. */
const sentBy = (message: ReceivedMail, server: TestServer) => message.text.includes(`${server.httpUrl}/`);

async function ids(server: TestServer): Promise<Record<Person, number>> {
  const found = {} as Record<Person, number>;
  for (const [who, email] of Object.entries(emails))
    found[who as Person] = (await findUserByEmail(server.db, email))!.id;
  return found;
}

/** The deelnemer mentions these people in the meeting's discussion, through the given instance. */
async function mention(server: TestServer, meetingId: number, to: number[], body: string): Promise<void> {
  const api = new ApiClient(server.httpUrl, tokens.deelnemer);
  const thread = await api.get(`/api/threads?subject=meeting:${meetingId}`);
  expect(thread.status).toBe(200);
  const posted = await api.post(`/api/threads/${thread.body.thread.id}/messages`, { body, mentions: to });
  expect(posted.status).toBe(201);
}

async function liveMeeting(server: TestServer): Promise<number> {
  const secretariaat = (await findUserByEmail(server.db, emails.secretariaat))!;
  const network = await server.db
    .selectFrom('networks')
    .select('id')
    .where('slug', '=', 'ngs')
    .executeTakeFirstOrThrow();
  const meetingId = await arrangeMeeting(server.db, network.id, secretariaat.id);
  await moveMeeting(server.db, meetingId, 'live');
  return meetingId;
}

describe('the outbox of two instances on their own schedule', () => {
  let servers: [TestServer, TestServer] | undefined;
  afterEach(async () => {
    await stopInstances(servers ?? []);
    servers = undefined;
  });

  it('mails each mention once, whichever instance it was made on, while both run the outbox', async () => {
    // Both instances look every 100 ms (the least allowed), so their runs keep meeting each other.
    servers = await startTwoInstances({ SMTP_URL: mail.url, NOTIFICATION_OUTBOX_MS: '100' });
    const [one, two] = servers;
    const people = await ids(one);
    const meetingId = await liveMeeting(one);
    mail.messages.length = 0;
    const rounds = 6;
    for (let round = 1; round <= rounds; round++) {
      await mention(round % 2 ? one : two, meetingId, [people.klankbordgroep, people.gast], `Ronde ${round}`);
      await waitFor(
        () => mailsTo('klankbordgroep').length >= round && mailsTo('gast').length >= round,
        `the mails of round ${round}`,
        10_000,
      );
    }
    // Mails from both instances after the last mention: each has finished a run that could have seen it.
    for (
      let sentinel = 1;
      !mail.messages.some((m) => sentBy(m, one)) || !mail.messages.some((m) => sentBy(m, two));
      sentinel++
    ) {
      await mention(sentinel % 2 ? one : two, meetingId, [people.secretariaat], `Controle ${sentinel}`);
      await waitFor(() => mailsTo('secretariaat').length >= sentinel, 'the check mail', 10_000);
    }
    await stopInstances(servers);
    servers = undefined;
    // Each round's mention came in a mail of its own, once: no second mail from the other instance.
    for (const who of ['klankbordgroep', 'gast'] as const) {
      expect(mailsTo(who)).toHaveLength(rounds);
      for (const message of mailsTo(who)) expect(message.text.match(/noemde u in een gesprek/g)).toHaveLength(1);
    }
  });
});

describe('the outbox and the digest started on two instances at the same moment', () => {
  let servers: [TestServer, TestServer] | undefined;
  afterAll(() => stopInstances(servers ?? []));

  it('sends each waiting mail and each digest once', async () => {
    // Their own schedules wait an hour: the test starts the runs, on both instances at once.
    servers = await startTwoInstances({ SMTP_URL: mail.url, NOTIFICATION_OUTBOX_MS: '3600000' });
    const [one, two] = servers;
    const people = await ids(one);
    await new ApiClient(one.httpUrl, tokens.gast).put('/api/notifications/preferences', { mention: 'daily' });
    const meetingId = await liveMeeting(one);
    mail.messages.length = 0;
    for (let round = 1; round <= 4; round++) {
      await mention(one, meetingId, [people.klankbordgroep, people.secretariaat, people.gast], `Samen ${round}`);
      const direct = await Promise.all([flushDirectMail(mailingDeps(one)), flushDirectMail(mailingDeps(two))]);
      // One instance sent the two direct mails; the other found the outbox taken (or, after it, empty).
      expect(direct.reduce((sum, sent) => sum + sent, 0)).toBe(2);
      expect(mailsTo('klankbordgroep')).toHaveLength(round);
      expect(mailsTo('secretariaat')).toHaveLength(round);
    }
    const now = Date.now();
    const digests = await Promise.all([sendDigests(mailingDeps(one), now), sendDigests(mailingDeps(two), now)]);
    expect(digests.reduce((sum, sent) => sum + sent, 0)).toBe(1);
    expect(mailsTo('gast')).toHaveLength(1);
    expect(mailsTo('gast')[0]?.text.match(/noemde u in een gesprek/g)).toHaveLength(4);
  });
});
