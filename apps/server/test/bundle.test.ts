import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerProcess, spawnServer } from '@klankbord/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './api/support.ts';
import { databaseEnv } from './support/database.ts';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const PASSWORD = 'een wachtwoord voor de bundel';

/** What a built file imports: `import … from "x"` and `import "x"` (loaded with it), and `import("x")` (on use). */
function importsOf(file: string): { statically: string[]; dynamically: string[] } {
  const code = readFileSync(join(serverDir, 'dist', file), 'utf8');
  const specifiers = (pattern: RegExp) => [...code.matchAll(pattern)].map((match) => match[1]!);
  return {
    statically: specifiers(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?"([^"]+)"/g),
    dynamically: specifiers(/\bimport\("([^"]+)"\)/g),
  };
}

/** Every file and package the server loads at start: main.js and, transitively, what it imports statically. */
function loadedAtStart(): Set<string> {
  const loaded = new Set<string>();
  const visit = (file: string) => {
    loaded.add(file);
    for (const specifier of importsOf(file).statically) {
      if (!specifier.startsWith('./')) loaded.add(specifier);
      else if (!loaded.has(specifier.slice(2))) visit(specifier.slice(2));
    }
  };
  visit('main.js');
  return loaded;
}

/**
 * The server as `pnpm start` runs it: bundled by build.mjs. The other tests run the sources; a dependency that
 * does not survive bundling (pdfkit's fonts did not) shows only here.
 */
describe('the bundled server', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    execFileSync(process.execPath, ['build.mjs'], { cwd: serverDir });
    dataDir = mkdtempSync(join(tmpdir(), 'klankbord-bundle-'));
    const database = await databaseEnv(dataDir);
    const cli = (...args: string[]) =>
      execFileSync(process.execPath, ['dist/cli.js', ...args], {
        cwd: serverDir,
        env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...database },
        input: PASSWORD,
      });
    cli('setup', '--name', 'Sanne de Vries', '--email', 'sanne@ccv.example', '--organisation', 'CCV');
    cli('demo-data');
    server = await spawnServer({ serverDir, dataDir, env: database, built: true });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves the renderers and the mailer out of what it loads at start, for the first export and mail', () => {
    const atStart = loadedAtStart();
    const onUse = [...new Set(importsOf('main.js').dynamically)];
    // The chunk with docx, pdfkit and the editor schema: loaded by main.js with import(), never before.
    const renderers = onUse.filter(
      (chunk) => chunk.startsWith('./') && importsOf(chunk.slice(2)).statically.includes('pdfkit'),
    );
    expect(renderers).toHaveLength(1);
    expect(atStart).not.toContain(renderers[0]!.slice(2));
    expect(onUse).toContain('nodemailer');
    for (const heavy of ['pdfkit', 'nodemailer']) expect(atStart).not.toContain(heavy);
  });

  it('renders a published demo verslag as PDF and as Word', async () => {
    const sanne = await signedIn(server!.url, 'sanne@ccv.example', PASSWORD);
    for (const [format, magic] of [
      ['pdf', '%PDF-'],
      ['docx', 'PK'],
    ] as const) {
      const response = await fetch(`${server!.url}/api/meetings/1/report/export/${format}`, {
        headers: { cookie: `klankbord_session=${sanne.session}` },
      });
      expect(response.status, format).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.subarray(0, magic.length).toString('latin1'), format).toBe(magic);
    }
  });
});
