import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { measure } from '../scripts/budgets.ts';

const webDir = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run <script> -- <args>` in apps/web; npm passes the arguments to the script's last command. */
async function npmRun(script: string, args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', script, '--', ...args], {
      cwd: webDir,
      // As a developer's shell has it; Vitest's `test` would build Svelte's development checks in.
      env: { ...process.env, NODE_ENV: 'production' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

// The e2e global set-up has built the app; these read that build, as `pnpm build` does right after `vite build`.
describe('the JavaScript budgets of the build', () => {
  it('fail the build, naming each page, its size and its budget, when a page is over its budget', async () => {
    const outcome = await npmRun('build', ['--limit-kb=1']);
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toContain('JavaScript budget exceeded');
    expect(outcome.stderr).toMatch(
      /first visit, signed out \(\/ → \/login\): \d+\.\d kB \(brotli\) is over its budget of 1\.0 kB/,
    );
    expect(outcome.stderr).toMatch(/verslag: \d+\.\d kB \(brotli\) is over its budget of 1\.0 kB/);
  }, 240_000);

  it('pass with the real budgets', async () => {
    const outcome = await npmRun('build', []);
    expect(outcome.stderr).not.toContain('JavaScript budget exceeded');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/verslag: \d+ files, .* brotli \(budget 350\.0 kB\)/);
  }, 240_000);

  it('keep the editor (ProseMirror) and Yjs out of the first visit, and count the editor for the verslag', () => {
    const [firstVisit, verslag] = measure(webDir);
    if (!firstVisit || !verslag) throw new Error('measure returns one measurement per budget');
    const holding = (files: string[], marker: string) =>
      files.filter((file) => readFileSync(join(webDir, 'build', file), 'utf8').includes(marker));
    // Marks of the libraries in the minified code: ProseMirror's class name on the editor, Yjs's own name.
    expect(holding(firstVisit.files, 'ProseMirror')).toEqual([]);
    expect(holding(firstVisit.files, 'Y.Doc')).toEqual([]);
    expect(holding(verslag.files, 'ProseMirror')).not.toEqual([]);
    expect(holding(verslag.files, 'Y.Doc')).not.toEqual([]);
  });
});
