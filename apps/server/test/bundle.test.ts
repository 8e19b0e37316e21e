import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerProcess, spawnServer } from '@klankbord/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './api/support.ts';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const PASSWORD = 'een wachtwoord voor de bundel';

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
    const cli = (...args: string[]) =>
      execFileSync(process.execPath, ['dist/cli.js', ...args], {
        cwd: serverDir,
        env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
        input: PASSWORD,
      });
    cli('setup', '--name', 'Sanne de Vries', '--email', 'sanne@ccv.example', '--organisation', 'CCV');
    cli('demo-data');
    server = await spawnServer({ serverDir, dataDir, built: true });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
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
