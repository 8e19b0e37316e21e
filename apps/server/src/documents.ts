import { type Db, deleteDocuments, listSessions } from '@klankbord/db';
import { programmeDocumentName, reportDocumentName, sessionNotesDocumentName } from '@klankbord/domain';
import { publishEviction } from './cluster/revoke-relay.ts';
import type { Deps } from './env.ts';

/** The collaborative documents of a meeting: its programme, its verslag and the notes of its deelsessies. */
export async function meetingDocumentNames(db: Db, networkSlug: string, meetingId: number): Promise<Set<string>> {
  return new Set([
    programmeDocumentName(networkSlug, meetingId),
    reportDocumentName(networkSlug, meetingId),
    ...(await listSessions(db, meetingId)).map((session) => sessionNotesDocumentName(networkSlug, session.id)),
  ]);
}

/**
 * Removes documents for good, after what they belonged to was deleted: every socket on them ends and their
 * rooms leave memory (CollabServer.evict), here and on the other instances, then their rows, update log and
 * snapshots go. Returns how many documents were stored.
 */
export async function removeDocuments(deps: Pick<Deps, 'db' | 'collab' | 'bus'>, names: ReadonlySet<string>) {
  // Told first, so that the other instances drop their rooms while this one drops its own.
  publishEviction(deps.bus, [...names]);
  await deps.collab.evict([...names]);
  return deleteDocuments(deps.db, [...names]);
}
