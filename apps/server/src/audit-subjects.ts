import {
  type AuditEntry,
  type Db,
  findAfspraak,
  findExample,
  listMeetings,
  listMembers,
  type NetworkRow,
} from '@klankbord/db';

/** What an audit event is about, by name: a link while the thing still exists, never a bare id. */
export interface AuditObject {
  kind: 'meeting' | 'report' | 'afspraak' | 'example' | 'person' | 'network' | 'invitation' | 'message' | 'token';
  /** The thing's name or title; null when it is gone and its name was not recorded. */
  name: string | null;
  /** Where it is in the web app, when it still exists there. */
  href: string | null;
}

/** An audit entry with its object named, so that the log shows names and links rather than ids. */
export type DescribedAuditEntry = AuditEntry & { object: AuditObject | null };

/** The id in a subject: "12", or "meeting:12" as some events write it. */
function numeric(subject: string | null): number | null {
  if (subject === null) return null;
  const id = Number(subject.replace(/^[a-z]+:/, ''));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * Names the objects of one page of the audit log (at most 50 events): a few lookups per page, all inside the
 * network, so an event can never reveal the name of something in another network.
 */
export async function describeAuditEntries(
  db: Db,
  network: Pick<NetworkRow, 'id' | 'slug' | 'name'>,
  entries: AuditEntry[],
): Promise<DescribedAuditEntry[]> {
  const base = `/networks/${network.slug}`;
  const meetings = new Map((await listMeetings(db, network.id)).map((meeting) => [meeting.id, meeting]));
  const members = new Map((await listMembers(db, network.id)).map((member) => [member.email, member]));
  const person = (email: string | null): AuditObject => ({
    kind: 'person',
    name: email ? (members.get(email)?.name ?? email) : null,
    href: null,
  });

  const described: DescribedAuditEntry[] = [];
  for (const entry of entries) {
    const subject = entry.subject;
    const [group] = entry.event.split('.');
    let object: AuditObject | null = null;
    if (group === 'meeting' || group === 'report' || group === 'dayCode') {
      const meeting = meetings.get(numeric(subject) ?? 0);
      const kind = group === 'report' ? 'report' : 'meeting';
      const href = meeting ? `${base}/meetings/${meeting.id}${kind === 'report' ? '/report' : ''}` : null;
      object = { kind, name: meeting?.title ?? null, href };
    } else if (group === 'afspraak') {
      const afspraak = await findAfspraak(db, numeric(subject) ?? 0);
      const mine = afspraak && afspraak.networkId === network.id ? afspraak : undefined;
      object = { kind: 'afspraak', name: mine?.description ?? null, href: mine ? `${base}/afspraken` : null };
    } else if (group === 'example') {
      const example = await findExample(db, numeric(subject) ?? 0);
      const mine = example && example.networkId === network.id ? example : undefined;
      const recorded = typeof entry.detail.title === 'string' ? entry.detail.title : null;
      object = {
        kind: 'example',
        name: mine?.title ?? recorded,
        href: mine ? `${base}/examples/${mine.id}` : null,
      };
    } else if (group === 'network') {
      object = { kind: 'network', name: network.name, href: base };
    } else if (group === 'member' || group === 'password' || entry.event === 'setup.completed') {
      object = person(subject);
    } else if (entry.event === 'login.failed' || entry.event === 'invitation.created') {
      object = person(subject);
    } else if (entry.event === 'invitation.accepted') {
      object = person(subject);
    } else if (group === 'invitation') {
      object = { kind: 'invitation', name: null, href: null };
    } else if (group === 'message') {
      object = { kind: 'message', name: null, href: null };
    } else if (group === 'token') {
      object = { kind: 'token', name: numeric(subject) === null ? subject : null, href: null };
    }
    described.push({ ...entry, object });
  }
  return described;
}
