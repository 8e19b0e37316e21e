import type { Db } from '@klankbord/db';
import { rebuildSearchIndex, reportProgress } from '../search-index.ts';

/**
 * `search-index`: builds the search index again from what is stored, telling its progress on standard error
 * as it goes. Returns the exit code.
 */
export async function searchIndexCommand(db: Db): Promise<number> {
  const started = performance.now();
  const count = await rebuildSearchIndex(db, {
    onProgress: reportProgress((line) => console.error(`search-index: ${line}`)),
  });
  console.log(`search-index: ${count} entries indexed in ${Math.round(performance.now() - started)} ms`);
  return 0;
}
