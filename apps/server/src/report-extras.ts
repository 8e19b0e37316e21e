import { type Db, findAttachment, listMessages, listReportComments } from '@klankbord/db';
import type { ReportComment, ReportImage, RichTextDocument } from '@klankbord/editor';
import type { FileStore } from './files/storage.ts';

/**
 * At most this many bytes of images are read for one rendering of a verslag: each export holds them in memory
 * (and HTML as base64), so a verslag with many large photos stays within a bound; images past it are shown as
 * their alt text.
 */
export const REPORT_IMAGE_BYTES_MAX = 16 * 1024 * 1024;
/** A review round in Word carries at most this many replies per comment: the newest are what reviewers need. */
const REPLIES_MAX = 50;

/**
 * The images the verslag's text shows from its own bestanden (attachments on `report:<meetingId>`), PNG or JPEG,
 * by their `src`: what every output embeds. An image pointing at another target's file is not embedded — its
 * reader may not see that file — nor is one from elsewhere on the web (the server fetches nothing).
 * `madeBefore` (a final version's time): only files that existed then. A text may name an id that no file has
 * yet; a draft's file that gets it after a reopening must not show in the version published before.
 */
export async function reportImages(
  db: Db,
  files: FileStore,
  meetingId: number,
  doc: RichTextDocument,
  madeBefore = Number.POSITIVE_INFINITY,
): Promise<Map<string, ReportImage>> {
  const { attachmentOfImage, readReportImage } = await import('@klankbord/editor');
  const images = new Map<string, ReportImage>();
  let bytes = 0;
  for (const src of new Set(imageSources(doc))) {
    const id = attachmentOfImage(src);
    const attachment = id === null ? undefined : await findAttachment(db, id);
    if (attachment?.targetKind !== 'report' || attachment.targetId !== meetingId) continue;
    if (attachment.createdAt > madeBefore) continue;
    if (!['image/png', 'image/jpeg'].includes(attachment.contentType)) continue;
    if (bytes + attachment.size > REPORT_IMAGE_BYTES_MAX) continue;
    // Counted once read, image or not: files that only claim to be one must not make a rendering read without end.
    bytes += attachment.size;
    const image = readReportImage(new Uint8Array(await files.read(attachment.storageKey)));
    if (image !== null) images.set(src, image);
  }
  return images;
}

function imageSources(node: RichTextDocument): string[] {
  const own = node.type === 'image' && typeof node.attrs?.src === 'string' ? [node.attrs.src.trim()] : [];
  return [...own, ...(node.content ?? []).flatMap(imageSources)];
}

/** The verslag's comments with their replies, as a review round in Word shows them; deleted messages left out. */
export async function reportReviewComments(db: Db, meetingId: number): Promise<ReportComment[]> {
  const comments = await listReportComments(db, meetingId);
  return Promise.all(
    comments
      .filter((comment) => comment.body !== null)
      .map(async (comment) => {
        const thread =
          comment.threadId === null ? [] : await listMessages(db, comment.threadId, { limit: REPLIES_MAX + 1 });
        // The newest REPLIES_MAX + 1 messages: the first of them is the comment itself when the thread is no
        // longer, and an older reply past the bound when it is; either way it is not one to show.
        const replies = thread.slice(1).filter((message) => message.body !== null);
        return {
          quote: comment.quote,
          author: comment.author?.name ?? null,
          at: comment.createdAt,
          body: comment.body!,
          resolved: comment.resolved !== null,
          replies: replies.map((reply) => ({ author: reply.authorName, at: reply.createdAt, body: reply.body! })),
        };
      }),
  );
}
