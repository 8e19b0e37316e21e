import type { Generated, Insertable, Selectable } from 'kysely';

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

/** A document's compacted state: every update with an id up to `last_update_id` merged into one. */
export interface DocumentSnapshotTable {
  document_id: number;
  data: Uint8Array;
  last_update_id: number;
  created_at: number;
}

/** Every table kysely knows about, by its real (snake_case) name. */
export interface Database {
  documents: DocumentTable;
  document_updates: DocumentUpdateTable;
  document_snapshots: DocumentSnapshotTable;
}

export type DocumentRow = Selectable<DocumentTable>;
export type NewDocument = Insertable<DocumentTable>;
export type DocumentUpdateRow = Selectable<DocumentUpdateTable>;
export type DocumentSnapshotRow = Selectable<DocumentSnapshotTable>;
