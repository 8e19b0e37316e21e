import type { Db } from '@klankbord/db';
import { email, organisationId, password, personName, role } from '@klankbord/domain';
import { z } from 'zod';
import { addUser } from '../accounts.ts';
import { type CommandOptions, organisationByName, printIssues, readPassword } from './input.ts';

const addUserInput = z.object({ name: personName, email, password, organisationId, network: z.string(), role });

/** `add-user`: an account with a role in a network. Returns the exit code. */
export async function addUserCommand(db: Db, options: CommandOptions): Promise<number> {
  const organisation = await organisationByName(db, options.organisation);
  if (organisation === 'unknown') {
    console.error(`unknown organisation: ${options.organisation}`);
    return 1;
  }
  const parsed = addUserInput.safeParse({ ...options, organisationId: organisation, password: await readPassword() });
  if (!parsed.success) {
    printIssues(parsed.error.issues);
    return 1;
  }
  const result = await addUser(db, parsed.data);
  if (typeof result === 'string') {
    console.error(result);
    return 1;
  }
  console.log(`created ${result.email}, ${parsed.data.role} of ${parsed.data.network}`);
  return 0;
}
