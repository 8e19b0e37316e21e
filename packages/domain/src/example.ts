import { z } from 'zod';

/**
 * Goede voorbeelden (examples): best practices of a city, added by participants — often from a phone after a
 * deelsessie — and kept by the network for years. The plain fields live in SQL; the description is rich text in
 * the Yjs document `example:<network slug>:<example id>`, co-edited by its authors and the klankbordgroep.
 */

/** How far an example has come: idee, pilot, lopend, bewezen. */
export const exampleStatuses = ['idea', 'pilot', 'running', 'proven'] as const;
export type ExampleStatus = (typeof exampleStatuses)[number];

export const EXAMPLE_TITLE_MAX_LENGTH = 160;
export const EXAMPLE_TAG_MAX_LENGTH = 60;
export const EXAMPLE_MAX_TAGS = 10;
export const EXAMPLE_MAX_LINKS = 10;
export const EXAMPLE_LINK_MAX_LENGTH = 500;

const id = (key: string) => z.number(key).int(key).positive(key);

/** A tag as written: spaces tidied; the server matches it to the network's list, case aside. */
const tag = z
  .string('tags.invalid')
  .transform((value) => value.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'tags.invalid').max(EXAMPLE_TAG_MAX_LENGTH, 'tags.tooLong'));

/** A link to more about the example: only http(s), for whoever clicks it. */
const link = z.object({
  url: z
    .string('links.invalid')
    .trim()
    .max(EXAMPLE_LINK_MAX_LENGTH, 'links.tooLong')
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
      } catch {
        return false;
      }
    }, 'links.invalid'),
  label: z.string('links.invalid').trim().max(EXAMPLE_TITLE_MAX_LENGTH, 'links.tooLong').default(''),
});

/** POST /api/networks/:slug/examples and PATCH /api/examples/:id. */
export const exampleInput = z.object({
  title: z.string('title.required').trim().min(1, 'title.required').max(EXAMPLE_TITLE_MAX_LENGTH, 'title.tooLong'),
  /** The city (an organisation of the network) whose practice it is. */
  organisationId: id('organisation.invalid').nullable().default(null),
  status: z.enum(exampleStatuses, 'status.invalid').default('idea'),
  tags: z
    .array(tag, 'tags.invalid')
    .max(EXAMPLE_MAX_TAGS, 'tags.tooMany')
    .default([])
    // The same tag twice, in whatever case, is one tag, written as it was first.
    .transform((tags) =>
      tags.filter((t, i) => tags.findIndex((u) => u.toLocaleLowerCase('nl') === t.toLocaleLowerCase('nl')) === i),
    ),
  /** The member to ask about it. */
  contactUserId: id('contact.invalid').nullable().default(null),
  links: z.array(link, 'links.invalid').max(EXAMPLE_MAX_LINKS, 'links.tooMany').default([]),
  /** Where it came up: a meeting of the network and, optionally, one of its deelsessies. */
  meetingId: id('meeting.invalid').nullable().default(null),
  sessionId: z
    .string('session.invalid')
    .trim()
    .min(1, 'session.invalid')
    .max(100, 'session.invalid')
    .nullable()
    .default(null),
});
export type ExampleInput = z.infer<typeof exampleInput>;

/** Its authors: whoever added it, and its contact person. They edit it whatever their role allows others. */
export function isExampleAuthor(
  example: { createdBy: number | null; contact: { id: number } | null },
  userId: number,
): boolean {
  return example.createdBy === userId || example.contact?.id === userId;
}

/** The Yjs document of an example's description. */
export function exampleDocumentName(networkSlug: string, exampleId: number): string {
  return `example:${networkSlug}:${exampleId}`;
}

/** PUT /api/examples/:id/mark: 'this helped us too', set or taken back. */
export const exampleMarkInput = z.object({ marked: z.boolean('marked.invalid') });

/** POST /api/networks/:slug/example-tags/:tagId/curated: a tag on or off the network's list. */
export const exampleTagCuratedInput = z.object({ curated: z.boolean('curated.invalid') });

/** GET /api/networks/:slug/examples: the library's filters and order. */
export const exampleListQuery = z.object({
  tag: z.coerce.number().int().positive('tag.invalid').optional(),
  organisation: z.coerce.number().int().positive('organisation.invalid').optional(),
  status: z.enum(exampleStatuses, 'status.invalid').optional(),
  year: z.coerce.number().int().min(2000, 'year.invalid').max(2100, 'year.invalid').optional(),
  meeting: z.coerce.number().int().positive('meeting.invalid').optional(),
  sort: z.enum(['newest', 'marked', 'discussed'], 'sort.invalid').default('newest'),
});

/** The description: the fragment Tiptap's Collaboration extension binds to. */
export const EXAMPLE_DESCRIPTION_FIELD = 'description';
