import { runCli } from '../support/cli.ts';

/** Runs `pnpm cli identity-provider …` as the operator would, the client secret on standard input. */
export function identityProviderCli(
  dataDir: string,
  args: string[],
  secret = '',
): Promise<{ code: number | null; output: string }> {
  return runCli(dataDir, ['identity-provider', ...args], secret);
}
