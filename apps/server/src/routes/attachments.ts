import { type Attachment, addAttachment, deleteAttachments, findAttachment, listAttachments } from '@klankbord/db';
import { type AttachmentTarget, cleanFileName, parseAttachmentTarget } from '@klankbord/domain';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { decideNeeds } from '../access/authorise.ts';
import { meetingInStatus } from '../access/facts.ts';
import type { AppEnv, Deps, Principal } from '../env.ts';
import { fail } from '../errors.ts';
import { allowedExtensions, extensionOf, recogniseFile } from '../files/file-types.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { indexFile, unindexFiles } from '../search-index.ts';
import { valid } from '../validate.ts';

const idParam = z.object({ id: z.coerce.number().int().positive('id.invalid') });
const targetQuery = z.object({
  target: z
    .string('target.invalid')
    .refine((value) => parseAttachmentTarget(value) !== undefined, 'target.invalid')
    .transform((value) => parseAttachmentTarget(value)!),
});
// The multipart envelope around a file: boundaries, headers, the target field.
const ENVELOPE_BYTES = 16 * 1024;

/**
 * What the caller may do with a target's files, and the network it belongs to: the one access decision on the
 * target's files. 404 for whoever may not read them (they may not see the voorbeeld, the meeting or the verslag).
 */
async function targetAccess(deps: Deps, principal: Principal, target: AttachmentTarget) {
  const address = { type: 'attachments', target } as const;
  const { decisions, grant } = await decideNeeds(deps.db, principal, address, ['read', 'write']);
  if (decisions.get('read') !== 'allow' || !grant.network) fail(404, 'not_found');
  return { networkId: grant.network.id, canWrite: decisions.get('write') === 'allow', meeting: grant.meeting };
}

/**
 * Tells whoever may read the target's files that they changed; their lists load again. The audience is the
 * target's files with its meeting's status: the same decision as reading them.
 */
function publishChange(
  deps: Deps,
  access: Awaited<ReturnType<typeof targetAccess>>,
  target: AttachmentTarget,
  attachmentId: number,
): void {
  deps.live.publish(
    access.networkId,
    { type: 'attachment.changed', target: `${target.kind}:${target.id}`, attachmentId },
    {
      type: 'attachments',
      need: 'read',
      facts: access.meeting ? { meeting: meetingInStatus(access.meeting.status) } : {},
      context: { attachmentTarget: target },
    },
  );
}

function attachmentJson(attachment: Attachment) {
  return {
    id: attachment.id,
    target: `${attachment.targetKind}:${attachment.targetId}`,
    name: attachment.name,
    contentType: attachment.contentType,
    size: attachment.size,
    createdBy: attachment.createdBy,
    createdAt: attachment.createdAt,
  };
}

/** Removes attachments and their files. Used when one is deleted, and when what they belong to goes. */
export async function removeAttachments(deps: Deps, attachments: readonly Attachment[]): Promise<void> {
  const keys = await deleteAttachments(
    deps.db,
    attachments.map((attachment) => attachment.id),
  );
  await unindexFiles(deps.db, attachments);
  await deps.files.remove(keys);
}

/**
 * /api/attachments: bestanden on voorbeelden, meetings and verslagen. An upload is checked before anything is
 * kept — size, type (extension on the allow-list AND content that matches it), the network's quota — and is
 * stored file first, row second, so no row ever points at a missing file (a file without a row is swept).
 */
export function attachmentRoutes(deps: Deps) {
  const { maxBytes, networkQuotaBytes } = deps.config.attachments;
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', valid('query', targetQuery), async (c) => {
      const { target } = c.req.valid('query');
      const { canWrite } = await targetAccess(deps, c.get('principal')!, target);
      const attachments = await listAttachments(deps.db, target.kind, target.id);
      return c.json({ attachments: attachments.map(attachmentJson), canUpload: canWrite, maxBytes, allowedExtensions });
    })
    .post(
      '/',
      bodyLimit({
        maxSize: maxBytes + ENVELOPE_BYTES,
        onError: (c) => c.json({ error: 'too_large', fields: { file: 'file.tooLarge' } }, 413, { connection: 'close' }),
      }),
      valid('query', targetQuery),
      async (c) => {
        const principal = c.get('principal')!;
        const { target } = c.req.valid('query');
        const access = await targetAccess(deps, principal, target);
        const { networkId, canWrite } = access;
        if (!canWrite) fail(403, 'forbidden');
        let form: Record<string, unknown>;
        try {
          form = await c.req.parseBody();
        } catch {
          fail(400, 'invalid_input', { file: 'file.required' });
        }
        const file = form.file;
        if (!(file instanceof File)) fail(400, 'invalid_input', { file: 'file.required' });
        const name = cleanFileName(file.name);
        if (!name) fail(400, 'invalid_input', { file: 'file.name' });
        if (file.size === 0) fail(400, 'invalid_input', { file: 'file.empty' });
        if (file.size > maxBytes) fail(413, 'too_large', { file: 'file.tooLarge' });
        if (!allowedExtensions.includes(extensionOf(name))) fail(415, 'invalid_input', { file: 'file.typeNotAllowed' });
        const bytes = new Uint8Array(await file.arrayBuffer());
        const type = recogniseFile(name, bytes);
        if (!type) fail(415, 'invalid_input', { file: 'file.contentMismatch' });
        const key = deps.files.newKey();
        await deps.files.write(key, bytes);
        const stored = await addAttachment(
          deps.db,
          {
            networkId,
            targetKind: target.kind,
            targetId: target.id,
            name,
            contentType: type.contentType,
            size: bytes.length,
            storageKey: key,
            createdBy: principal.user.id,
          },
          networkQuotaBytes,
        ).catch(async (error: unknown) => {
          await deps.files.remove([key]);
          throw error;
        });
        if (!stored) {
          await deps.files.remove([key]);
          fail(413, 'too_large', { file: 'file.quotaExceeded' });
        }
        await indexFile(deps.db, stored, target.kind === 'example' ? null : target.id);
        publishChange(deps, access, target, stored.id);
        return c.json({ attachment: attachmentJson(stored) }, 201);
      },
    )
    .get('/:id', valid('param', idParam), async (c) => {
      const attachment = await findAttachment(deps.db, c.req.valid('param').id);
      if (!attachment) fail(404, 'not_found');
      await targetAccess(deps, c.get('principal')!, { kind: attachment.targetKind, id: attachment.targetId });
      const bytes = await deps.files.read(attachment.storageKey);
      // Always a download with our own content type: an uploaded file is never rendered as a page of our origin.
      return c.body(new Uint8Array(bytes), 200, {
        'content-type': attachment.contentType,
        'content-length': String(bytes.length),
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        // Nothing kept on disk by the browser: on a shared computer the next person finds no copy.
        'cache-control': 'private, no-store',
      });
    })
    .delete('/:id', valid('param', idParam), async (c) => {
      const principal = c.get('principal')!;
      const attachment = await findAttachment(deps.db, c.req.valid('param').id);
      if (!attachment) fail(404, 'not_found');
      const target = { kind: attachment.targetKind, id: attachment.targetId };
      const access = await targetAccess(deps, principal, target);
      if (!access.canWrite) fail(403, 'forbidden');
      await removeAttachments(deps, [attachment]);
      publishChange(deps, access, target, attachment.id);
      return c.body(null, 204);
    });
}
