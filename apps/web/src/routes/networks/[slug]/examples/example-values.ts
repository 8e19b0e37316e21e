import { type ExampleInput, type ExampleStatus, exampleInput } from '@klankbord/domain';
import type { Schema } from '$lib/forms';

/** What the example form edits: the API's input, with the tags split into ticked ones and newly typed ones. */
export interface ExampleValues {
  title: string;
  organisationId: number | null;
  status: ExampleStatus;
  /** The ticked tags from the network's list. */
  tags: string[];
  /** New tags, typed with commas between them. */
  newTags: string;
  contactUserId: number | null;
  links: { url: string; label: string }[];
  meetingId: number | null;
  sessionId: string | null;
}

/** The API's input from the form: new tags added to the ticked ones, link rows left empty dropped. */
export function toInput(values: ExampleValues): unknown {
  const typed = values.newTags.split(',').map((tag) => tag.trim());
  return {
    ...values,
    newTags: undefined,
    tags: [...values.tags, ...typed.filter((tag) => tag.length > 0)],
    links: values.links.filter((link) => link.url.trim() !== '' || link.label.trim() !== ''),
  };
}

/** The domain's schema, checked against what the form will send. */
export const exampleFormSchema: Schema<ExampleInput> = {
  safeParse: (values) => exampleInput.safeParse(toInput(values as ExampleValues)),
};
