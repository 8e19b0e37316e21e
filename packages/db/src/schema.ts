import type {
  AfspraakStatus,
  AttachmentTargetKind,
  BarrierReportStatus,
  ExampleStatus,
  MeetingFormat,
  MeetingStatus,
  Position,
  ProgrammeItemKind,
  Role,
  SubjectKind,
} from '@klankbord/domain';
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A co-edited Yjs document; its content lives in the update log and its snapshot. */
export interface DocumentTable {
  id: Generated<number>;
  name: string;
  kind: string;
  scope: string;
  /** Milliseconds since the epoch. */
  created_at: number;
  updated_at: number;
}

/** The append-only log: one row per accepted Yjs update, in the order the server accepted them. */
export interface DocumentUpdateTable {
  id: Generated<number>;
  document_id: number;
  data: Uint8Array;
  created_at: number;
}

/**
 * One segment of a document's compacted state: the updates with ids after the segment before it, up to
 * `last_update_id`, merged into one (migration 0023 made a document's state a list of these).
 */
export interface DocumentSnapshotTable {
  document_id: number;
  data: Uint8Array;
  last_update_id: number;
  created_at: number;
  /** How `data` is encoded: see SnapshotFormat. */
  format: ColumnType<SnapshotFormat, SnapshotFormat | undefined, SnapshotFormat>;
  /** The Yjs state vector of `data` (rows written before migration 0023 have none). */
  state_vector: Uint8Array | null;
  /**
   * The size of `data` as a Yjs V1 update, before deflating (null: rows written before migration 0023). Limits on a
   * document count these bytes: deflated, a document of repeated text would take a fraction of its memory.
   */
  update_bytes: number | null;
}

/**
 * How a segment is encoded: 1, Yjs V1 (rows written before migration 0016); 2, Yjs V2 (before 0023); 3, Yjs V1
 * deflated — what is written now: smaller than V2, and what the stock client takes once inflated.
 */
export type SnapshotFormat = 1 | 2 | 3;

export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  short_name: string | null;
  /** gemeente, secretariat, partner, ministry, knowledge-partner */
  kind: string;
  created_at: number;
  updated_at: number;
}

export interface UserTable {
  id: Generated<number>;
  /** Stored lower-cased; unique. */
  email: string;
  name: string;
  organisation_id: number | null;
  password_hash: string;
  locale: Generated<string>;
  created_at: number;
  updated_at: number;
}

export interface SessionTable {
  /** SHA-256 of the cookie's value: a copy of the database does not sign anyone in. */
  id_hash: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export interface NetworkTable {
  id: Generated<number>;
  slug: string;
  name: string;
  purpose: Generated<string>;
  created_at: number;
  updated_at: number;
}

/** Which organisations belong to a network (the G40's list changes over time). */
export interface NetworkOrganisationTable {
  network_id: number;
  organisation_id: number;
}

export interface MembershipTable {
  network_id: number;
  user_id: number;
  /** One of the roles of packages/domain's permission matrix. */
  role: Role;
  created_at: number;
  updated_at: number;
}

export interface InvitationTable {
  id: Generated<number>;
  network_id: number;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: number | null;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  accepted_by: number | null;
  revoked_at: number | null;
}

export interface PasswordResetTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_by: number | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  /** The first characters of the token, so its owner can tell tokens apart. */
  prefix: string;
  created_at: number;
  expires_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AuditEventTable {
  id: Generated<number>;
  network_id: number | null;
  actor_id: number | null;
  /** e.g. login.failed, member.roleChanged, invitation.created */
  event: string;
  subject: string | null;
  /** JSON object with event-specific facts. */
  detail: Generated<string>;
  ip: string | null;
  created_at: number;
}

export interface MeetingTable {
  id: Generated<number>;
  network_id: number;
  title: string;
  /** JSON array of YYYY-MM-DD, sorted. */
  dates: string;
  /** The first of `dates`, for ordering and grouping by year. */
  first_date: string;
  format: MeetingFormat;
  host_organisation_id: number | null;
  venue: Generated<string>;
  status: MeetingStatus;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

/** A discussion beside one subject (meeting, theme, statement, session); made on first use. */
export interface ThreadTable {
  id: Generated<number>;
  network_id: number;
  /** The meeting the subject belongs to: its status decides who reads and posts. */
  meeting_id: number | null;
  subject_kind: SubjectKind;
  subject_id: string;
  created_at: number;
}

/** A message of a thread. Plain text; a deleted one keeps who deleted it and when, not its text. */
export interface MessageTable {
  id: Generated<number>;
  thread_id: number;
  author_id: number | null;
  body: string;
  /** JSON array of mentioned user ids. */
  mentions: Generated<string>;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
  deleted_by: number | null;
}

/** How far a member has read a thread: messages with a higher id are unread. */
export interface ThreadReadTable {
  thread_id: number;
  user_id: number;
  last_read_message_id: number;
}

/** A theme proposed for a meeting. */
export interface ThemeTable {
  id: Generated<number>;
  meeting_id: number;
  title: string;
  why: Generated<string>;
  proposer_id: number | null;
  /** 1 when the secretariat or klankbordgroep chose it, else 0. */
  chosen: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** The one theme a member supports for a meeting (primary key: meeting_id, user_id). */
export interface ThemeSupportTable {
  meeting_id: number;
  user_id: number;
  theme_id: number;
}

/** A stelling put to a meeting, optionally within one of its sessions. */
export interface StatementTable {
  id: Generated<number>;
  meeting_id: number;
  session_id: string | null;
  text: string;
  context: Generated<string>;
  /** 1 while the secretariat has voting open, else 0. */
  voting_open: Generated<number>;
  /** When voting was first opened; null for a statement never put to the vote. */
  voting_opened_at: number | null;
  /** When voting closes by itself (ms since the epoch); null: only the secretariat closes it. */
  voting_closes_at: Generated<number | null>;
  /** An order key (packages/domain order-key.ts). */
  order_key: string;
  created_at: number;
  updated_at: number;
}

/** A member's position on a statement (unique: statement_id, user_id). */
export interface VoteTable {
  statement_id: number;
  /** Null once the member was removed from Klankbord: the vote still counts, without their name. */
  user_id: number | null;
  position: Position;
  updated_at: number;
}

/** The projection of one programme item (primary key: meeting_id, item_id); rewritten from the Yjs document. */
export interface ProgrammeItemTable {
  meeting_id: number;
  item_id: string;
  /** 0-based place in the programme. */
  position: number;
  kind: ProgrammeItemKind;
  title: string;
  /** HH:MM, worked out from the start of the day and the durations before it. */
  start_time: string;
  end_time: string;
  /** 1 when the item before it runs past this item's fixed start, else 0. */
  overlaps: number;
  /** JSON array of {name, role, organisation}. */
  speakers: string;
  description_text: string;
}

/** The projection of one deelsessie of a programme item of kind deelsessies. */
export interface MeetingSessionTable {
  /** The session's id in the programme document; also names its notes document. */
  session_id: string;
  meeting_id: number;
  item_id: string;
  position: number;
  topic: string;
  facilitator: string;
  rapporteur: string;
  room: string;
  rotation_minutes: number | null;
}

/** The deelsessie a member picked for a meeting (primary key: meeting_id, user_id). */
export interface SessionChoiceTable {
  meeting_id: number;
  user_id: number;
  session_id: string;
  updated_at: number;
}

/** A meeting's verslag as SQL knows it (its text is the Yjs document): whether it is finalised. */
export interface ReportTable {
  meeting_id: number;
  /** Set while the report is final; null again once it is reopened. */
  finalised_at: number | null;
  finalised_by: number | null;
  /** The version saved when it was last finalised. */
  final_version_id: number | null;
  reopened_at: number | null;
  reopened_by: number | null;
  updated_at: number;
  /** Set while the final version is published to every member. */
  published_at: number | null;
  published_by: number | null;
  /** SHA-256 of the public link's secret, while there is one; anyone with the link reads the final version. */
  public_link_hash: string | null;
  public_link_created_at: number | null;
}

/** A named version of a verslag: the document's whole state when it was saved. */
export interface ReportVersionTable {
  id: Generated<number>;
  meeting_id: number;
  name: string;
  /** Y.encodeStateAsUpdate of the report document at that moment. */
  state: Uint8Array;
  created_by: number | null;
  created_at: number;
}

/** A comment on the verslag, anchored to a range of its text; its words and replies are its thread's messages. */
export interface ReportCommentTable {
  id: Generated<number>;
  meeting_id: number;
  /** Yjs relative positions, base64 (see `Anchor` in the domain). */
  anchor_start: string;
  anchor_end: string;
  /** The words it was made on, shown once they have been edited away. */
  quote: string;
  created_by: number | null;
  created_at: number;
  resolved_at: number | null;
  resolved_by: number | null;
}

/** A suggestion on a verslag: a proposed replacement of an anchored passage, open until it is decided. */
export interface ReportSuggestionTable {
  id: Generated<number>;
  meeting_id: number;
  /** Yjs relative positions, base64 (see `Anchor` in the domain). */
  anchor_start: string;
  anchor_end: string;
  /** The words it replaces, as its author saw them. */
  quote: string;
  /** Plain text; empty deletes the passage. */
  replacement: string;
  status: Generated<'open' | 'accepted' | 'rejected'>;
  author_id: number | null;
  created_at: number;
  decided_by: number | null;
  decided_at: number | null;
}

/** An afspraak (action) marked on a passage of a verslag, with an owner and a due date. */
export interface AfspraakTable {
  id: Generated<number>;
  network_id: number;
  meeting_id: number;
  anchor_start: string;
  anchor_end: string;
  quote: string;
  description: string;
  owner_user_id: number | null;
  owner_organisation_id: number | null;
  /** YYYY-MM-DD, or null when no date was agreed. */
  due_date: string | null;
  status: Generated<AfspraakStatus>;
  created_by: number | null;
  created_at: number;
  updated_at: number;
  done_at: number | null;
  done_by: number | null;
}

/** What a search result shows, and where it belongs; its stems are in the FTS5 table `search_index`. */
export interface SearchEntryTable {
  id: Generated<number>;
  network_id: number;
  meeting_id: number | null;
  kind: string;
  ref: string;
  title: string;
  body: string;
  updated_at: number;
}

/** A recurring topic of a network's theme timeline, kept by the secretariat. */
export interface TopicTable {
  id: Generated<number>;
  network_id: number;
  name: string;
  /** The folded name, unique in the network. */
  key: string;
  created_at: number;
  updated_at: number;
}

/** A theme in a topic; a theme is in one topic at most (primary key: theme_id). */
export interface TopicThemeTable {
  theme_id: number;
  topic_id: number;
}

/** A suggested grouping the secretariat chose to ignore (primary key: network_id, key). */
export interface TopicSuggestionIgnoredTable {
  network_id: number;
  key: string;
  created_at: number;
}

/** A goed voorbeeld; its description is a Yjs document, projected into description_text. */
export interface ExampleTable {
  id: Generated<number>;
  network_id: number;
  title: string;
  organisation_id: number | null;
  status: ExampleStatus;
  contact_user_id: number | null;
  /** JSON array of { url, label }. */
  links: Generated<string>;
  meeting_id: number | null;
  session_id: string | null;
  description_text: Generated<string>;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

/** A tag of a network: curated by the secretariat (1) or suggested by a member (0). */
export interface ExampleTagTable {
  id: Generated<number>;
  network_id: number;
  name: string;
  key: string;
  curated: Generated<number>;
  created_at: number;
}

export interface ExampleTagLinkTable {
  example_id: number;
  tag_id: number;
}

/** 'This helped us too': one per member and example. */
export interface ExampleMarkTable {
  example_id: number;
  user_id: number;
  created_at: number;
}

/** A file attached to a voorbeeld, a meeting or a verslag; its bytes are in the data directory. */
export interface AttachmentTable {
  id: Generated<number>;
  network_id: number;
  target_kind: AttachmentTargetKind;
  target_id: number;
  name: string;
  content_type: string;
  size: number;
  storage_key: string;
  created_by: number | null;
  created_at: number;
}

/** A netwerkdag's day code, through which guests without an account vote on the day (one per meeting). */
export interface DayCodeTable {
  meeting_id: number;
  code_hash: string;
  code: string;
  created_by: number | null;
  /** 1 while guests may use it, else 0. */
  enabled: number;
  created_at: number;
  updated_at: number;
}

/** A guest who came in through a day code, one row per device (unique: meeting_id, device_hash). */
export interface GuestVoterTable {
  id: Generated<number>;
  meeting_id: number;
  device_hash: string;
  name: string;
  organisation: string;
  created_at: number;
}

/** A barrier reported through the accessibility statement; site-wide, not of one network. */
export interface BarrierReportTable {
  id: Generated<number>;
  /** The path of the page in the web app (`/networks/…`). */
  page: string;
  description: string;
  /** Only when the reporter asked for an answer. */
  email: string | null;
  /** Who reported it, when signed in; null when signed out or once the account is gone. */
  user_id: number | null;
  status: ColumnType<BarrierReportStatus, BarrierReportStatus | undefined, BarrierReportStatus>;
  created_at: number;
  handled_at: number | null;
  handled_by: number | null;
}

/** A guest's position on a statement: one per statement per guest, never changed. */
export interface GuestVoteTable {
  statement_id: number;
  guest_voter_id: number;
  position: Position;
  created_at: number;
}

/** Every table kysely knows about, by its real (snake_case) name. */
/** What a person is told about; `params` is JSON for the text each reader renders in their language. */
export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  network_id: number;
  kind: string;
  /** A path in the web app. */
  link: string;
  params: Generated<string>;
  dedupe_key: string;
  created_at: number;
  read_at: number | null;
  mailed_at: number | null;
}

/** How a person wants one kind of notification mailed: direct, daily or off. */
export interface NotificationPreferenceTable {
  user_id: number;
  kind: string;
  delivery: string;
}

/** The day (YYYY-MM-DD, Amsterdam) a person's digest went out. */
export interface NotificationDigestTable {
  user_id: number;
  day: string;
  sent_at: number;
}

/** A municipality's own OpenID Connect provider: one per organisation. */
export interface IdentityProviderTable {
  organisation_id: number;
  issuer: string;
  client_id: string;
  /** Never returned by any API. */
  client_secret: string;
  /** 0: the accounts it vouches for sign in through it only, not with a password. */
  password_sign_in: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** An e-mail domain an identity provider may vouch for; one provider per domain. */
export interface IdentityProviderDomainTable {
  /** Lower-cased, e.g. "utrecht.nl". */
  domain: string;
  organisation_id: number;
}

/** A key the server signs with, made on first use. */
export interface ServerSecretTable {
  name: string;
  value: string;
  created_at: number;
}

export interface Database {
  documents: DocumentTable;
  document_updates: DocumentUpdateTable;
  document_snapshots: DocumentSnapshotTable;
  organisations: OrganisationTable;
  users: UserTable;
  sessions: SessionTable;
  networks: NetworkTable;
  network_organisations: NetworkOrganisationTable;
  memberships: MembershipTable;
  invitations: InvitationTable;
  password_resets: PasswordResetTable;
  api_tokens: ApiTokenTable;
  audit_events: AuditEventTable;
  meetings: MeetingTable;
  themes: ThemeTable;
  theme_supports: ThemeSupportTable;
  statements: StatementTable;
  votes: VoteTable;
  threads: ThreadTable;
  messages: MessageTable;
  thread_reads: ThreadReadTable;
  programme_items: ProgrammeItemTable;
  meeting_sessions: MeetingSessionTable;
  session_choices: SessionChoiceTable;
  reports: ReportTable;
  report_versions: ReportVersionTable;
  report_comments: ReportCommentTable;
  report_suggestions: ReportSuggestionTable;
  afspraken: AfspraakTable;
  search_entries: SearchEntryTable;
  examples: ExampleTable;
  example_tags: ExampleTagTable;
  example_tag_links: ExampleTagLinkTable;
  example_marks: ExampleMarkTable;
  topics: TopicTable;
  topic_themes: TopicThemeTable;
  topic_suggestions_ignored: TopicSuggestionIgnoredTable;
  attachments: AttachmentTable;
  day_codes: DayCodeTable;
  guest_voters: GuestVoterTable;
  guest_votes: GuestVoteTable;
  notifications: NotificationTable;
  user_notification_preferences: NotificationPreferenceTable;
  notification_digests: NotificationDigestTable;
  server_secrets: ServerSecretTable;
  identity_providers: IdentityProviderTable;
  identity_provider_domains: IdentityProviderDomainTable;
  barrier_reports: BarrierReportTable;
}

export type DocumentRow = Selectable<DocumentTable>;
export type NewDocument = Insertable<DocumentTable>;
export type DocumentUpdateRow = Selectable<DocumentUpdateTable>;
export type DocumentSnapshotRow = Selectable<DocumentSnapshotTable>;
export type OrganisationRow = Selectable<OrganisationTable>;
export type IdentityProviderRow = Selectable<IdentityProviderTable>;
export type UserRow = Selectable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type NetworkRow = Selectable<NetworkTable>;
export type MembershipRow = Selectable<MembershipTable>;
export type InvitationRow = Selectable<InvitationTable>;
export type PasswordResetRow = Selectable<PasswordResetTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type MeetingRow = Selectable<MeetingTable>;
export type ThemeRow = Selectable<ThemeTable>;
export type TopicRow = Selectable<TopicTable>;
export type StatementRow = Selectable<StatementTable>;
export type ThreadRow = Selectable<ThreadTable>;
export type MessageRow = Selectable<MessageTable>;
export type ProgrammeItemRow = Selectable<ProgrammeItemTable>;
export type MeetingSessionRow = Selectable<MeetingSessionTable>;
