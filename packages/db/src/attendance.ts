import type { Db } from './connection.ts';

/** Who took part in a meeting, as a presentielijst shows them. */
export interface Attendance {
  /** The organisations of those who took part, by name, each once. */
  organisations: string[];
  /** Their names. */
  names: string[];
}

/**
 * Who took part in a meeting: the members who picked a deelsessie or voted on one of its stellingen. Klankbord
 * keeps no separate sign-up or attendance list, and a network's membership counts everyone who could have come;
 * a session choice or a vote is a member's own act for that day. Votes of removed accounts count in the tallies
 * but name no one, so they are left out here.
 */
export async function listAttendance(db: Db, meetingId: number): Promise<Attendance> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(['users.name as name', 'organisations.name as organisation'])
    .where((eb) =>
      eb.or([
        eb(
          'users.id',
          'in',
          eb
            .selectFrom('session_choices')
            .select('session_choices.user_id')
            .where('session_choices.meeting_id', '=', meetingId),
        ),
        eb(
          'users.id',
          'in',
          eb
            .selectFrom('votes')
            .innerJoin('statements', 'statements.id', 'votes.statement_id')
            .select('votes.user_id')
            .where('statements.meeting_id', '=', meetingId)
            .where('votes.user_id', 'is not', null)
            .$narrowType<{ user_id: number }>(),
        ),
      ]),
    )
    .execute();
  const dutch = new Intl.Collator('nl');
  const organisations = [...new Set(rows.flatMap((row) => (row.organisation ? [row.organisation] : [])))];
  return { organisations: organisations.sort(dutch.compare), names: rows.map((row) => row.name).sort(dutch.compare) };
}
