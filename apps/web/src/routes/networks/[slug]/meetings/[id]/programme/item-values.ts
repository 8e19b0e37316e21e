import { type ProgrammeItemKind, programmeItemInput, type Speaker } from '@klankbord/domain';
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
 * Whether a room's name says it is a room ("Zaal 1", "Atrium", "Raadzaal"): then it shows as typed. A bare number
 * ("3.12") gets the word zaal before it, so that nobody reads "zaal Zaal 1".
 */
export function roomNamed(room: string): boolean {
  return /\p{L}/u.test(room);
}
