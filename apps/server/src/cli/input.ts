import { type Db, listOrganisations } from '@klankbord/db';

/** The options every command may be given (parsed in index.ts). */
export interface CommandOptions {
  name?: string | undefined;
  email?: string | undefined;
  organisation?: string | undefined;
  network?: string | undefined;
  role?: string | undefined;
  force?: boolean | undefined;
}

/** Reads the password from standard input (its first line), so that it appears in no process list or history. */
export async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) throw new Error('pipe the password on standard input, e.g. `printf %s "$PW" | pnpm cli …`');
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.split(/\r?\n/)[0] ?? '';
}

/** Finds an organisation by its name or short name (e.g. "Gemeente Utrecht" or "Utrecht"); null when none is given. */
export async function organisationByName(db: Db, name: string | undefined): Promise<number | null | 'unknown'> {
  if (!name) return null;
  const wanted = name.trim().toLowerCase();
  const match = (await listOrganisations(db)).find(
    (o) => o.name.toLowerCase() === wanted || o.short_name?.toLowerCase() === wanted,
  );
  return match?.id ?? 'unknown';
}

/** Prints a validation failure as `field: key` lines. */
export function printIssues(issues: readonly { path: PropertyKey[]; message: string }[]): void {
  for (const issue of issues) console.error(`${issue.path.map(String).join('.')}: ${issue.message}`);
}
