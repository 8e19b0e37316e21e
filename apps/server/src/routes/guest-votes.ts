import { randomInt } from 'node:crypto';
import {
  addGuestVoter,
  castGuestVote,
  type DayCode,
  findDayCode,
  findDayCodeByHash,
  findGuestPositions,
  findGuestVoter,
  findMeeting,
  findStatement,
  listStatements,
  type Meeting,
  putDayCode,
  type Statement,
  setDayCodeEnabled,
} from '@klankbord/db';
import {
  DAY_CODE_ALPHABET,
  DAY_CODE_LENGTH,
  type Decision,
  dayCodeInput,
  dayCodeParam,
  decide,
  guestVoteInput,
  guestVoterInput,
  isMeetingDay,
} from '@klankbord/domain';
import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { authoriseMeeting, decideAccess, refuseUnlessAllowed } from '../access/authorise.ts';
import { meetingInStatus } from '../access/facts.ts';
import { audit } from '../audit.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { clientAddress } from '../client-address.ts';
import type { AppEnv, Deps } from '../env.ts';
import { fail, UserError } from '../errors.ts';
import { type RateLimiter, rateLimiter } from '../middleware/rate-limit.ts';
import { publishTallies } from '../statement-tallies.ts';
import { valid } from '../validate.ts';

/** The cookie that names a guest's device: random, httpOnly, only sent to the guest routes. */
const DEVICE_COOKIE = 'kb_guest';
const DEVICE_COOKIE_SECONDS = 24 * 60 * 60;
const MINUTE = 60 * 1000;

const idParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });

/** A new day code: DAY_CODE_LENGTH characters drawn uniformly from the unambiguous alphabet. */
function newDayCode(): { value: string; hash: string } {
  let value = '';
  for (let i = 0; i < DAY_CODE_LENGTH; i++) value += DAY_CODE_ALPHABET[randomInt(DAY_CODE_ALPHABET.length)];
  return { value, hash: hashSecret(value) };
}

const dayCodeJson = (dayCode: DayCode | undefined) =>
  dayCode ? { code: dayCode.code, enabled: dayCode.enabled, path: `/s/${dayCode.code}` } : null;

/**
 * The guest's decision on one stelling, by the one access decision: the facts are the day code they came with,
 * the stelling's voting and whether today is one of the meeting's days.
 */
function decideGuestVote(dayCode: DayCode, meeting: Meeting, statement: Statement, now: Date): Decision {
  return decide('statement', 'guestVote', {
    role: null,
    meeting: meetingInStatus(meeting.status),
    guestVote: {
      dayCodeActive: dayCode.enabled && dayCode.meetingId === statement.meetingId,
      votingOpen: statement.votingOpen,
      meetingToday: isMeetingDay(meeting.dates, now),
    },
  });
}

/**
 * The secretariaat's day code of a netwerkdag: see it, turn it on or off, renew it (the old one stops working).
 * Mounted at /api: its paths start at /meetings/:id.
 */
export function dayCodeRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/meetings/:id/day-code', valid('param', idParam), async (c) => {
      const access = await authoriseMeeting(
        deps.db,
        c.get('principal'),
        c.req.valid('param').id,
        'statement.openVoting',
      );
      return c.json({ dayCode: dayCodeJson(await findDayCode(deps.db, access.meeting.id)) });
    })
    .post('/meetings/:id/day-code', valid('param', idParam), valid('json', dayCodeInput), async (c) => {
      const access = await authoriseMeeting(
        deps.db,
        c.get('principal'),
        c.req.valid('param').id,
        'statement.openVoting',
      );
      const { enabled, renew } = c.req.valid('json');
      const existing = await findDayCode(deps.db, access.meeting.id);
      const dayCode =
        enabled && (renew || !existing)
          ? await putDayCode(deps.db, access.meeting.id, newDayCode(), access.principal.user.id)
          : await setDayCodeEnabled(deps.db, access.meeting.id, enabled);
      await audit(deps, c, {
        networkId: access.network.id,
        event: enabled ? (renew || !existing ? 'dayCode.renewed' : 'dayCode.enabled') : 'dayCode.disabled',
        subject: `meeting:${access.meeting.id}`,
      });
      return c.json({ dayCode: dayCodeJson(dayCode) });
    });
}

/**
 * Voting without an account through a day code (`/s/<code>` in the web app): the guest gives a name and
 * organisation once, then takes one position per open stelling from that device. Wrong codes are limited per
 * address, guests per meeting, registrations and votes per address. `clock` is the time, injectable for tests.
 */
export function guestVoteRoutes(deps: Deps, clock: () => Date = () => new Date()) {
  const wrongCodes = rateLimiter(deps, 'guest.wrongCode', 20, 10 * MINUTE);
  const registrations = rateLimiter(deps, 'guest.registration', 100, 60 * MINUTE);
  const votes = rateLimiter(deps, 'guest.vote', 600, MINUTE);

  /** Counts an attempt against a limiter, refusing with 429 once its window is used up. */
  const limit = async (limiter: RateLimiter, c: Context<AppEnv>) => {
    const wait = await limiter.take(clientAddress(c, deps.config.trustProxy));
    if (wait > 0) throw new UserError(429, 'guest.rateLimited', undefined, { 'retry-after': String(wait) });
  };

  /** The turned-on day code in the path and its meeting; 404 for any other code, counted against the address. */
  const dayCodeOf = async (c: Context<AppEnv>, raw: string) => {
    const address = clientAddress(c, deps.config.trustProxy);
    const wait = await wrongCodes.retryAfter(address);
    if (wait > 0) throw new UserError(429, 'guest.rateLimited', undefined, { 'retry-after': String(wait) });
    const parsed = dayCodeParam.safeParse(raw);
    const dayCode = parsed.success ? await findDayCodeByHash(deps.db, hashSecret(parsed.data)) : undefined;
    const meeting = dayCode?.enabled ? await findMeeting(deps.db, dayCode.meetingId) : undefined;
    if (!dayCode || !meeting) {
      await wrongCodes.fail(address);
      fail(404, 'dayCode.notFound');
    }
    return { dayCode, meeting };
  };

  /** A member who may see the meeting votes as a member, not also as a guest: their page, else null. */
  const memberPath = async (c: Context<AppEnv>, meeting: Meeting): Promise<string | null> => {
    const principal = c.get('principal');
    if (!principal) return null;
    const { decision, grant } = await decideAccess(
      deps.db,
      principal,
      { type: 'meeting', meetingId: meeting.id },
      'meeting.view',
    );
    return decision === 'allow' && grant.network ? `/networks/${grant.network.slug}/meetings/${meeting.id}` : null;
  };

  const deviceHash = (c: Context<AppEnv>) => {
    const value = getCookie(c, DEVICE_COOKIE);
    return value && value.length <= 64 ? hashSecret(value) : null;
  };

  return new Hono<AppEnv>()
    .get('/:code', async (c) => {
      const { dayCode, meeting } = await dayCodeOf(c, c.req.param('code'));
      const now = clock();
      const device = deviceHash(c);
      const voter = device ? await findGuestVoter(deps.db, meeting.id, device) : undefined;
      const mine = voter ? await findGuestPositions(deps.db, voter.id) : new Map();
      const open = (await listStatements(deps.db, meeting.id)).filter(
        (s) => decideGuestVote(dayCode, meeting, s, now) === 'allow',
      );
      return c.json({
        memberPath: await memberPath(c, meeting),
        meeting: { title: meeting.title, dates: meeting.dates },
        today: isMeetingDay(meeting.dates, now),
        voter: voter ? { name: voter.name, organisation: voter.organisation } : null,
        statements: open.map((s) => ({
          id: s.id,
          text: s.text,
          context: s.context,
          /** When voting closes by itself; null when only the secretariaat closes it. */
          votingClosesAt: s.votingClosesAt,
          myPosition: mine.get(s.id) ?? null,
        })),
      });
    })
    .post('/:code/voter', valid('json', guestVoterInput), async (c) => {
      const { meeting } = await dayCodeOf(c, c.req.param('code'));
      // A guest is recorded only on the day itself: a code seen before or after stores nothing.
      if (!isMeetingDay(meeting.dates, clock())) fail(403, 'guest.notToday');
      if (await memberPath(c, meeting)) fail(409, 'guest.isMember');
      await limit(registrations, c);
      let device = deviceHash(c);
      if (!device) {
        const secret = newSecret();
        device = secret.hash;
        setCookie(c, DEVICE_COOKIE, secret.value, {
          httpOnly: true,
          sameSite: 'Strict',
          secure: (deps.config.publicUrl ?? new URL(c.req.url).origin).startsWith('https:'),
          path: '/api/guest',
          maxAge: DEVICE_COOKIE_SECONDS,
        });
      }
      const voter = await addGuestVoter(deps.db, meeting.id, device, c.req.valid('json'));
      if (voter === 'full') fail(409, 'guest.full');
      return c.json({ voter: { name: voter.name, organisation: voter.organisation } }, 201);
    })
    .put(
      '/:code/statements/:id/vote',
      valid('param', idParam.extend({ code: z.string() })),
      valid('json', guestVoteInput),
      async (c) => {
        const { dayCode, meeting } = await dayCodeOf(c, c.req.valid('param').code);
        await limit(votes, c);
        const statement = await findStatement(deps.db, c.req.valid('param').id);
        if (!statement || statement.meetingId !== meeting.id) fail(404, 'not_found');
        refuseUnlessAllowed(decideGuestVote(dayCode, meeting, statement, clock()));
        const device = deviceHash(c);
        const voter = device ? await findGuestVoter(deps.db, meeting.id, device) : undefined;
        if (!voter) fail(401, 'guest.unknown');
        const { position } = c.req.valid('json');
        const guestTally = await castGuestVote(deps.db, statement.id, voter.id, position);
        if (guestTally === 'closed') fail(409, 'voting.closed');
        if (guestTally === 'already') fail(409, 'guest.alreadyVoted');
        await publishTallies(
          deps,
          { id: meeting.id, networkId: meeting.network_id, status: meeting.status },
          statement.id,
        );
        return c.json({ myPosition: position, guestTally });
      },
    );
}
