import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { arrangeCast, meetingIn, members } from '../meetings/fixtures.ts';
import { runCli } from '../support/cli.ts';
import { type Client, connectClient, roundTrip } from '../support/clients.ts';
import { onPostgres } from '../support/database.ts';
import { makeDataDir, removeDataDir, startTestServer, stopServer, type TestServer } from '../support/server.ts';

const DOCUMENT = 'notes:ngs:backup';

/** A PDF as the upload check accepts it. */
const pdf = () => {
  const bytes = new Uint8Array(4000).fill(0x20);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n% Verslag netwerkdag Zwolle\n'));
  return bytes;
};

async function upload(server: TestServer, meetingId: number, bytes: Uint8Array): Promise<number> {
  const form = new FormData();
  form.set('file', new File([bytes], 'Verslag netwerkdag.pdf'));
  const response = await fetch(`${server.httpUrl}/api/attachments?target=meeting:${meetingId}`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${members.klankbordgroep.token}` },
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { attachment: { id: number } }).attachment.id;
}

async function download(server: TestServer, id: number): Promise<{ status: number; bytes: Uint8Array }> {
  const response = await fetch(`${server.httpUrl}/api/attachments/${id}`, {
    headers: { authorization: `Bearer ${members.secretariaat.token}` },
  });
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe(`backup and restore (${onPostgres ? 'PostgreSQL: pg_dump' : 'SQLite: VACUUM INTO'})`, () => {
  const servers: TestServer[] = [];
  const clients: Client[] = [];
  const dirs: string[] = [];
  const dir = () => {
    const made = makeDataDir();
    dirs.push(made);
    return made;
  };

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const server of servers.splice(0)) await stopServer(server);
    for (const made of dirs.splice(0)) removeDataDir(made);
  });

  it('backs up a running server and restores it into a fresh data directory', async () => {
    const original = await startTestServer();
    servers.push(original);
    const cast = await arrangeCast(original);
    const meetingId = await meetingIn(original, cast, 'preparation');
    const attachment = await upload(original, meetingId, pdf());
    const writer = await connectClient(original.collabUrl, DOCUMENT);
    clients.push(writer);
    writer.text.insert(0, 'Afspraak: de gemeenten delen hun aanpak van carbidschieten.');
    expect(await roundTrip(writer)).toBe('answered');

    const backupDir = join(dir(), 'backup');
    const backup = await runCli(original.dataDir, ['backup', backupDir]);
    expect(backup.output).toContain(`backed up the ${onPostgres ? 'postgresql' : 'sqlite'} database and 1 attachment`);
    expect(backup.code).toBe(0);
    expect(readdirSync(backupDir).sort()).toEqual(
      ['files', 'manifest.json', onPostgres ? 'klankbord.pgdump' : 'klankbord.sqlite'].sort(),
    );
    // What happens after the backup is not in it: it is one moment's state.
    writer.text.insert(writer.text.length, ' Na de back-up.');
    expect(await roundTrip(writer)).toBe('answered');

    // A server that has the database open is not overwritten.
    const refused = await runCli(original.dataDir, ['restore', backupDir]);
    expect(refused.output).toContain('the database is in use');
    expect(refused.code).toBe(1);

    const restoredDir = dir();
    const restore = await runCli(restoredDir, ['restore', backupDir]);
    expect(restore.output).toContain('restored the');
    expect(restore.code).toBe(0);
    const restored = await startTestServer({ dataDir: restoredDir });
    servers.push(restored);
    const reader = await connectClient(restored.collabUrl, DOCUMENT);
    clients.push(reader);
    expect(reader.text.toString()).toBe('Afspraak: de gemeenten delen hun aanpak van carbidschieten.');
    expect(await download(restored, attachment)).toEqual({ status: 200, bytes: pdf() });
    // The accounts and networks came along: the klankbordgroep member's token still works there.
    const networks = await fetch(`${restored.httpUrl}/api/networks`, {
      headers: { authorization: `Bearer ${members.klankbordgroep.token}` },
    });
    expect(networks.status).toBe(200);
    expect(JSON.stringify(await networks.json())).toContain('"slug":"ngs"');
  });

  it('restores over a stopped server, replacing its database and its files', async () => {
    const source = await startTestServer();
    servers.push(source);
    const writer = await connectClient(source.collabUrl, DOCUMENT);
    clients.push(writer);
    writer.text.insert(0, 'De versie uit de back-up.');
    expect(await roundTrip(writer)).toBe('answered');
    const backupDir = join(dir(), 'backup');
    expect((await runCli(source.dataDir, ['backup', backupDir])).code).toBe(0);

    // Another server's data directory, with a document and a stray file of its own; then it stops.
    const target = await startTestServer();
    const other = await connectClient(target.collabUrl, DOCUMENT);
    other.text.insert(0, 'Wat hier stond en weg moet.');
    expect(await roundTrip(other)).toBe('answered');
    other.destroy();
    const targetDir = target.dataDir;
    dirs.push(targetDir);
    await target.close();
    mkdirSync(join(targetDir, 'files'), { recursive: true });
    writeFileSync(join(targetDir, 'files', '0123456789abcdef0123456789abcdef'), 'oud');

    const restore = await runCli(targetDir, ['restore', backupDir]);
    expect(restore.output).toContain('restored the');
    expect(restore.code).toBe(0);
    expect(readdirSync(join(targetDir, 'files'))).toEqual([]);
    const restarted = await startTestServer({ dataDir: targetDir });
    servers.push(restarted);
    const reader = await connectClient(restarted.collabUrl, DOCUMENT);
    clients.push(reader);
    expect(reader.text.toString()).toBe('De versie uit de back-up.');
  });

  it('refuses a backup into a directory that is not empty, and a restore from one that is no backup', async () => {
    const dataDir = dir();
    const full = dir();
    writeFileSync(join(full, 'iets.txt'), 'al bezet');
    const backup = await runCli(dataDir, ['backup', full]);
    expect(backup.output).toContain('is not empty');
    expect(backup.code).toBe(1);
    const restore = await runCli(dataDir, ['restore', full]);
    expect(restore.output).toContain('is not a Klankbord backup');
    expect(restore.code).toBe(1);
    const missing = await runCli(dataDir, ['backup']);
    expect(missing.output).toContain('usage: pnpm cli backup <directory>');
    expect(missing.code).toBe(2);
  });
});
