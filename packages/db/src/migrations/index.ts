import type { Migration } from 'kysely';
import * as m0001 from './0001_create_documents.ts';
import * as m0002 from './0002_create_accounts_and_networks.ts';
import * as m0003 from './0003_create_meetings.ts';
import * as m0004 from './0004_create_themes_and_statements.ts';
import * as m0005 from './0005_create_discussions.ts';
import * as m0006 from './0006_create_programme_projections.ts';
import * as m0007 from './0007_create_reports.ts';
import * as m0008 from './0008_create_comments_publication_and_afspraken.ts';
import * as m0009 from './0009_create_search_index.ts';
import * as m0010 from './0010_create_examples.ts';
import * as m0011 from './0011_create_attachments.ts';
import * as m0012 from './0012_keep_votes_of_removed_members.ts';
import * as m0013 from './0013_create_report_suggestions.ts';
import * as m0014 from './0014_create_notifications.ts';
import * as m0015 from './0015_create_guest_votes.ts';
import * as m0016 from './0016_store_snapshots_compactly.ts';
import * as m0017 from './0017_index_search_by_network.ts';
import * as m0018 from './0018_index_compound_parts.ts';
import * as m0019 from './0019_create_topics.ts';
import * as m0020 from './0020_add_voting_deadlines.ts';
import * as m0021 from './0021_create_identity_providers.ts';
import * as m0022 from './0022_create_barrier_reports.ts';
import * as m0023 from './0023_store_snapshots_in_segments.ts';

/**
 * Every migration, in order. A static list rather than a folder scan, so that bundling the server
 * cannot lose one. Add new files as `NNNN_what_it_does.ts` and list them here.
 */
export const migrations: Record<string, Migration> = {
  '0001_create_documents': m0001,
  '0002_create_accounts_and_networks': m0002,
  '0003_create_meetings': m0003,
  '0004_create_themes_and_statements': m0004,
  '0005_create_discussions': m0005,
  '0006_create_programme_projections': m0006,
  '0007_create_reports': m0007,
  '0008_create_comments_publication_and_afspraken': m0008,
  '0009_create_search_index': m0009,
  '0010_create_examples': m0010,
  '0011_create_attachments': m0011,
  '0012_keep_votes_of_removed_members': m0012,
  '0013_create_report_suggestions': m0013,
  '0014_create_notifications': m0014,
  '0015_create_guest_votes': m0015,
  '0016_store_snapshots_compactly': m0016,
  '0017_index_search_by_network': m0017,
  '0018_index_compound_parts': m0018,
  '0019_create_topics': m0019,
  '0020_add_voting_deadlines': m0020,
  '0021_create_identity_providers': m0021,
  '0022_create_barrier_reports': m0022,
  '0023_store_snapshots_in_segments': m0023,
};
