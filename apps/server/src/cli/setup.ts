import type { Db } from '@klankbord/db';
import { setupInput } from '@klankbord/domain';
import { createFirstAccount } from '../accounts.ts';
import { type CommandOptions, organisationByName, printIssues, readPassword } from './input.ts';

/** `setup`: the first account, as the web app's first-run page makes it. Returns the exit code. */
export async function setupCommand(db: Db, options: CommandOptions): Promise<number> {
  const organisationId = await organisationByName(db, options.organisation);
  if (organisationId === 'unknown') {
    console.error(`unknown organisation: ${options.organisation}`);
    return 1;
  }
  const parsed = setupInput.safeParse({ ...options, organisationId, password: await readPassword() });
  if (!parsed.success) {
    printIssues(parsed.error.issues);
    return 1;
  }
  const user = await createFirstAccount(db, parsed.data);
  if (!user) {
    console.error('setup.done: an account exists already; use add-user');
    return 1;
  }
  console.log(`created ${user.email}, secretariaat of every network`);
  return 0;
}
