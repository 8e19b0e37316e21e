import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { toDocx } from '@klankbord/editor';
import { describe, expect, it } from 'vitest';
import { arrangeCast, type Cast, meetingIn } from '../meetings/fixtures.ts';
import { useCastServer } from '../support/use-server.ts';

const MAX_BYTES = 64 * 1024;
const QUOTA_BYTES = 200 * 1024;

const ctx = useCastServer(arrangeCast, {
  env: { ATTACHMENT_MAX_BYTES: String(MAX_BYTES), NETWORK_ATTACHMENT_QUOTA_BYTES: String(QUOTA_BYTES) },
});

const pdf = (size = 1000) => {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  return bytes;
};
const filesDir = () => join(ctx.server.dataDir, 'files');
const storedFiles = () => (existsSync(filesDir()) ? readdirSync(filesDir()) : []);

async function upload(token: string | null, target: string, name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set('file', new File([bytes], name));
  const response = await fetch(`${ctx.server.httpUrl}/api/attachments?target=${target}`, {
    method: 'POST',
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : { origin: ctx.server.httpUrl },
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, any> };
}
const token = (role: keyof Cast['api']) => ctx.cast.api[role].token!;

describe('attachments', () => {
  it('stores an allowed file and serves it back as a download with a safe content type', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'preparation');
    const docx = new Uint8Array(await toDocx({ type: 'doc', content: [{ type: 'paragraph' }] }, { title: 'x' }));
    const { status, body } = await upload(
      token('klankbordgroep'),
      `meeting:${meetingId}`,
      'Draaiboek netwerkdag.docx',
      docx,
    );
    expect(status).toBe(201);
    expect(body.attachment).toMatchObject({ name: 'Draaiboek netwerkdag.docx', size: docx.length });
    const download = await fetch(`${ctx.server.httpUrl}/api/attachments/${body.attachment.id}`, {
      headers: { authorization: `Bearer ${token('secretariaat')}` },
    });
    expect(download.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(download.headers.get('content-disposition')).toBe(
      "attachment; filename*=UTF-8''Draaiboek%20netwerkdag.docx",
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('cache-control')).toBe('private, no-store');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(docx);
    const list = await ctx.cast.api.klankbordgroep.get(`/api/attachments?target=meeting:${meetingId}`);
    expect(list.body.attachments.map((a: { name: string }) => a.name)).toEqual(['Draaiboek netwerkdag.docx']);
    // A deelnemer does not see a meeting in preparation, nor its files.
    expect((await ctx.cast.api.deelnemer.get(`/api/attachments?target=meeting:${meetingId}`)).status).toBe(404);
    const hidden = await fetch(`${ctx.server.httpUrl}/api/attachments/${body.attachment.id}`, {
      headers: { authorization: `Bearer ${token('deelnemer')}` },
    });
    expect(hidden.status).toBe(404);
  });

  it('refuses oversized, disallowed and disguised files, and keeps nothing of them', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'published');
    const target = `meeting:${meetingId}`;
    const before = storedFiles().length;
    const cases: [string, Uint8Array, number, string][] = [
      ['groot.pdf', pdf(MAX_BYTES + 1), 413, 'file.tooLarge'],
      ['script.svg', new TextEncoder().encode('<svg onload="alert(1)"/>'), 415, 'file.typeNotAllowed'],
      ['setup.exe', new TextEncoder().encode('MZ'), 415, 'file.typeNotAllowed'],
      ['verslag.pdf', new TextEncoder().encode('<html><script>alert(1)</script></html>'), 415, 'file.contentMismatch'],
      ['leeg.pdf', new Uint8Array(), 400, 'file.empty'],
    ];
    for (const [name, bytes, status, key] of cases) {
      const response = await upload(token('secretariaat'), target, name, bytes);
      expect(response.status, name).toBe(status);
      expect(response.body?.fields?.file, name).toBe(key);
    }
    // Far too large for even the body limit: refused by its Content-Length before it is read. The server answers
    // 413 and closes the connection; a client still sending may see only the reset (Node 24's fetch does).
    const huge = await upload(token('secretariaat'), target, 'huge.pdf', pdf(MAX_BYTES * 4)).catch((error: Error) => ({
      status: (error.cause as { code?: string } | undefined)?.code ?? error.message,
    }));
    expect([413, 'EPIPE', 'ECONNRESET']).toContain(huge.status);
    expect((await upload(token('secretariaat'), 'meeting:abc', 'a.pdf', pdf())).status).toBe(400);
    expect((await upload(token('gast'), target, 'a.pdf', pdf())).status).toBe(403);
    expect((await upload(null, target, 'a.pdf', pdf())).status).toBe(401);
    const listed = await ctx.cast.api.secretariaat.get(`/api/attachments?target=${target}`);
    expect(listed.body.attachments).toEqual([]);
    expect(storedFiles().length).toBe(before);
  });

  it('counts files against the network’s quota, and frees it when a file is deleted, from the disk too', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'published');
    const target = `meeting:${meetingId}`;
    const ids: number[] = [];
    let refused = 0;
    for (let i = 0; i < 6; i++) {
      const response = await upload(token('secretariaat'), target, `bijlage-${i}.pdf`, pdf(50 * 1024));
      if (response.status === 201) ids.push(response.body.attachment.id);
      else {
        expect(response.body.fields.file).toBe('file.quotaExceeded');
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);
    const files = storedFiles().length;
    expect((await ctx.cast.api.gast.delete(`/api/attachments/${ids[0]}`)).status).toBe(403);
    expect((await ctx.cast.api.secretariaat.delete(`/api/attachments/${ids[0]}`)).status).toBe(204);
    expect(storedFiles().length).toBe(files - 1);
    expect((await upload(token('secretariaat'), target, 'past-weer.pdf', pdf(40 * 1024))).status).toBe(201);
  });

  it('lets a finalised verslag’s files be read but not changed, and removes a voorbeeld’s files with it', async () => {
    const meetingId = await meetingIn(ctx.server, ctx.cast, 'reporting');
    expect((await upload(token('klankbordgroep'), `report:${meetingId}`, 'foto.pdf', pdf())).status).toBe(201);
    expect((await ctx.cast.api.secretariaat.post(`/api/meetings/${meetingId}/report/finalise`, {})).status).toBe(200);
    expect((await upload(token('klankbordgroep'), `report:${meetingId}`, 'later.pdf', pdf())).status).toBe(403);
    expect(
      (await ctx.cast.api.deelnemer.get(`/api/attachments?target=report:${meetingId}`)).body.attachments,
    ).toHaveLength(1);

    const example = await ctx.cast.api.deelnemer.post('/api/networks/ngs/examples', { title: 'Buurtpreventie' });
    const id = example.body.example.id as number;
    const before = storedFiles().length;
    expect((await upload(token('deelnemer'), `example:${id}`, 'folder.pdf', pdf())).status).toBe(201);
    expect(storedFiles().length).toBe(before + 1);
    expect((await ctx.cast.api.deelnemer.delete(`/api/examples/${id}`)).status).toBe(204);
    expect(storedFiles().length).toBe(before);
  });
});
