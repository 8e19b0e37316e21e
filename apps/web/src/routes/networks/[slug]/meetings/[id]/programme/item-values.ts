import {
  type ProgrammeItem,
  type ProgrammeItemKind,
  type ProgrammeItemPatch,
  programmeItemInput,
  type Speaker,
} from '@klankbord/domain';
import type { Schema } from '$lib/forms';

/** What the item form edits: the inputs' own types (an empty time is '', an empty number null). */
export interface ItemValues {
  kind: ProgrammeItemKind;
  title: string;
  durationMinutes: number | null;
  fixedStart: string;
  speakers: Speaker[];
  rotationMinutes: number | null;
}

/** A new item's form. */
export function emptyItemValues(): ItemValues {
  return { kind: 'talk', title: '', durationMinutes: 30, fixedStart: '', speakers: [], rotationMinutes: null };
}

/** The form for an existing item, with copies so that editing the form never touches the item. */
export function itemValues(item: ProgrammeItem): ItemValues {
  return {
    kind: item.kind,
    title: item.title,
    durationMinutes: item.durationMinutes,
    fixedStart: item.fixedStart ?? '',
    speakers: item.speakers.map((speaker) => ({ ...speaker })),
    rotationMinutes: item.rotationMinutes,
  };
}

function toInput(values: ItemValues) {
  return {
    ...values,
    fixedStart: values.fixedStart === '' ? null : values.fixedStart,
    rotationMinutes: values.kind === 'deelsessies' ? values.rotationMinutes : null,
  };
}

/** The domain's schema, over the form's values. */
export const itemSchema: Schema<ReturnType<typeof programmeItemInput.parse>> = {
  safeParse: (values) => programmeItemInput.safeParse(toInput(values as ItemValues)),
};

/**
 * Only the fields this person changed since opening the form: whatever someone else changed meanwhile in the
 * other fields stays theirs.
 */
export function changedFields(before: ItemValues, after: ReturnType<typeof programmeItemInput.parse>) {
  const was = itemSchema.safeParse(before);
  const patch: ProgrammeItemPatch = {};
  const old = was.success ? was.data : null;
  if (after.kind !== old?.kind) patch.kind = after.kind;
  if (after.title !== old?.title) patch.title = after.title;
  if (after.durationMinutes !== old?.durationMinutes) patch.durationMinutes = after.durationMinutes;
  if (after.fixedStart !== old?.fixedStart) patch.fixedStart = after.fixedStart;
  if (after.rotationMinutes !== old?.rotationMinutes) patch.rotationMinutes = after.rotationMinutes;
  if (JSON.stringify(after.speakers) !== JSON.stringify(old?.speakers)) patch.speakers = after.speakers;
  return patch;
}
