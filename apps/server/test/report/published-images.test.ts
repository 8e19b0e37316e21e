import { reportDocumentName, reportFragment } from '@klankbord/domain';
import { samplePng } from '@klankbord/editor/fixtures';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ApiClient } from '../api/support.ts';
import { arrangeMeeting, moveMeeting, tokens, useMembersServer } from '../programme/support.ts';
import { roundTrip } from '../support/clients.ts';
import { writeParagraph } from './support.ts';

const ctx = useMembersServer();
const anonymous = () => new ApiClient(ctx.server.httpUrl);
const path = (meetingId: number, rest: string) => `/api/meetings/${meetingId}/report/${rest}`;
const PNG_DATA = `data:image/png;base64,${samplePng().toString('base64')}`;

async function upload(target: string, bytes: Uint8Array = samplePng()): Promise<number> {
  const form = new FormData();
  form.set('file', new File([bytes], 'foto.png'));
  const response = await fetch(`${ctx.server.httpUrl}/api/attachments?target=${target}`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${tokens.secretariaat}` },
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { attachment: { id: number } }).attachment.id;
}

/** The next attachment id the database will hand out. */
async function nextAttachmentId(): Promise<number> {
  const row = await ctx.server.db
    .selectFrom('attachments')
    .select((eb) => eb.fn.max('id').as('last'))
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

/** A verslag in reporting whose text shows the images of these ids, finalised and published with a public link. */
async function publishedWithImages(ids: number[]): Promise<{ meetingId: number; token: string }> {
  const meetingId = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
  await moveMeeting(ctx.server.db, meetingId, 'reporting');
  return publishWith(meetingId, ids);
}

async function publishWith(meetingId: number, ids: number[]) {
  const editor = await ctx.pool.connect(reportDocumentName('ngs', meetingId), tokens.klankbordgroep);
  writeParagraph(editor.doc, 'Foto’s van de dag.');
  const fragment = reportFragment(editor.doc);
  for (const id of ids) {
    const image = new Y.XmlElement('image');
    image.setAttribute('src', `/api/attachments/${id}`);
    image.setAttribute('alt', `Foto ${id}`);
    fragment.insert(fragment.length, [image]);
  }
  expect(await roundTrip(editor)).toBe('answered');
  expect((await ctx.api('secretariaat').post(path(meetingId, 'finalise'), { name: 'Definitief' })).status).toBe(200);
  expect((await ctx.api('secretariaat').post(path(meetingId, 'publish'))).status).toBe(200);
  const link = await ctx.api('secretariaat').post(path(meetingId, 'public-link'));
  expect(link.status).toBe(201);
  return { meetingId, token: new URL(link.body.url).pathname.split('/').at(-1)! };
}

describe('images in the published verslag', () => {
  it('embeds its own images for the gast and the public link, not another meeting’s nor a deleted one', async () => {
    const meetingId = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
    await moveMeeting(ctx.server.db, meetingId, 'reporting');
    const own = await upload(`report:${meetingId}`);
    const other = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
    await moveMeeting(ctx.server.db, other, 'reporting');
    const foreign = await upload(`report:${other}`);
    const deleted = await upload(`report:${meetingId}`);
    const removed = await fetch(`${ctx.server.httpUrl}/api/attachments/${deleted}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${tokens.secretariaat}` },
    });
    expect(removed.status).toBe(204);
    const { token } = await publishWith(meetingId, [own, foreign, deleted]);

    const read = await anonymous().get(`/api/public/reports/${token}`);
    expect(read.status).toBe(200);
    const html = read.body.html as string;
    expect(html).toContain(`<img src="${PNG_DATA}" alt="Foto ${own}"`);
    expect(html.split(PNG_DATA).length - 1).toBe(1);
    const gast = await ctx.api('gast').get(path(meetingId, 'published'));
    expect(gast.status).toBe(200);
    expect(gast.body.html).toBe(html);
  });

  it('embeds no file added after the version was made final, though the text named its id in advance', async () => {
    // The text names the id the next upload will get: once the verslag is reopened, a draft's file uploaded
    // then must not appear to the gast or by the public link in the version published before.
    // (A few ids: one deleted earlier may have been the last, and SQLite does not hand out an id twice.)
    const next = await nextAttachmentId();
    const planted = [next, next + 1, next + 2];
    const { meetingId, token } = await publishedWithImages(planted);
    expect((await ctx.api('secretariaat').post(path(meetingId, 'reopen'))).status).toBe(200);
    expect(planted).toContain(await upload(`report:${meetingId}`));
    // The draft itself shows it to whoever reads the draft.
    const draft = await fetch(`${ctx.server.httpUrl}${path(meetingId, 'export/html')}`, {
      headers: { authorization: `Bearer ${tokens.secretariaat}` },
    });
    expect(await draft.text()).toContain('data:image/png');

    const read = await anonymous().get(`/api/public/reports/${token}`);
    expect(read.status).toBe(200);
    expect(read.body.html).not.toContain('data:image/png');
    const gast = await ctx.api('gast').get(path(meetingId, 'published'));
    expect(gast.status).toBe(200);
    expect(gast.body.html).not.toContain('data:image/png');
  });
});

describe('reading the verslag’s images for one rendering', () => {
  it('reads at most 16 MiB of its files, counting those that turn out not to be images', async () => {
    const meetingId = await arrangeMeeting(ctx.server.db, ctx.ngs.networkId, ctx.ngs.userId);
    await moveMeeting(ctx.server.db, meetingId, 'reporting');
    // Files that pass as PNG by their signature, with a header of 0 × 0 pixels: read, then not embedded. Without
    // counting them, a verslag naming many could make every rendering read the network's whole quota.
    const broken = Buffer.alloc(8 * 1024 * 1024);
    broken.set(samplePng().subarray(0, 16));
    const ids = [await upload(`report:${meetingId}`, broken), await upload(`report:${meetingId}`, broken)];
    const own = await upload(`report:${meetingId}`);
    const editor = await ctx.pool.connect(reportDocumentName('ngs', meetingId), tokens.klankbordgroep);
    const fragment = reportFragment(editor.doc);
    for (const id of [...ids, own]) {
      const image = new Y.XmlElement('image');
      image.setAttribute('src', `/api/attachments/${id}`);
      image.setAttribute('alt', `Foto ${id}`);
      fragment.insert(fragment.length, [image]);
    }
    expect(await roundTrip(editor)).toBe('answered');
    const html = await fetch(`${ctx.server.httpUrl}${path(meetingId, 'export/html')}`, {
      headers: { authorization: `Bearer ${tokens.deelnemer}` },
    });
    expect(html.status).toBe(200);
    expect(await html.text()).not.toContain('data:image/png');
  });
});

describe('rendering the published verslag', () => {
  // Last in this file: it spends this address's renderings on the shared server.
  it('renders it by the public link at most 30 times a minute per address', async () => {
    const { token } = await publishedWithImages([]);
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await anonymous().get(`/api/public/reports/${token}`)).status);
    const allowed = statuses.filter((status) => status === 200).length;
    // The earlier tests of this file read it by a public link twice.
    expect(allowed).toBeGreaterThanOrEqual(28);
    expect(allowed).toBeLessThanOrEqual(30);
    expect(statuses).toEqual([...Array(allowed).fill(200), ...Array(32 - allowed).fill(429)]);
    const refused = await anonymous().get(`/api/public/reports/${token}`);
    expect(refused.body.error).toBe('publishedReport.rateLimited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('renders it for a member at most 30 times a minute', async () => {
    const { meetingId } = await publishedWithImages([]);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await ctx.api('gast').get(path(meetingId, 'published'))).status);
    const allowed = statuses.filter((status) => status === 200).length;
    expect(allowed).toBeGreaterThanOrEqual(28);
    expect(allowed).toBeLessThanOrEqual(30);
    expect(statuses).toEqual([...Array(allowed).fill(200), ...Array(31 - allowed).fill(429)]);
    expect((await ctx.api('gast').get(path(meetingId, 'published'))).body.error).toBe('publishedReport.rateLimited');
    // Another person is not held up by it.
    expect((await ctx.api('deelnemer').get(path(meetingId, 'published'))).status).toBe(200);
  });
});
