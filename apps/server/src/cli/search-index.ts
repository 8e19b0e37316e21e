import type { Db } from '@klankbord/db';
import { rebuildSearchIndex } from '../search-index.ts';

/** `search-index`: builds the search index again from what is stored. Returns the exit code. */
export async function searchIndexCommand(db: Db): Promise<number> {
  const started = performance.now();
  const count = await rebuildSearchIndex(db);
  console.log(`search-index: ${count} entries indexed in ${Math.round(performance.now() - started)} ms`);
  return 0;
}
