import {
  PROGRAMME_MAX_DURATION_MINUTES,
  PROGRAMME_TITLE_MAX_LENGTH,
  SPEAKER_FIELD_MAX_LENGTH,
  SPEAKER_NAME_MAX_LENGTH,
  timeOfDay,
} from '@klankbord/domain';

/** What a typed text means for the document: a value to write, or the message key (under `errors.`) of the problem. */
export type Parsed<T> = { value: T } | { error: string };

/** A title: any text up to the limit, trimmed as the document stores it. */
export function parseTitle(text: string): Parsed<string> {
  const value = text.trim();
  return value.length > PROGRAMME_TITLE_MAX_LENGTH ? { error: 'title.tooLong' } : { value };
}

/** Whole minutes, 1 to 720; `optional` turns an empty field into null (no rotation). */
export function parseMinutes(key: 'duration' | 'rotation', optional: boolean) {
  return (text: string): Parsed<number | null> => {
    if (text.trim() === '') return optional ? { value: null } : { error: `${key}.invalid` };
    const value = Number(text);
    return Number.isInteger(value) && value >= 1 && value <= PROGRAMME_MAX_DURATION_MINUTES
      ? { value }
      : { error: `${key}.invalid` };
  };
}

/** A time of day, HH:MM; empty means none. */
export function parseOptionalTime(text: string): Parsed<string | null> {
  if (text === '') return { value: null };
  return timeOfDay.safeParse(text).success ? { value: text } : { error: 'time.invalid' };
}

/** A speaker's name: required, because a speaker without a name says nothing. */
export function parseSpeakerName(text: string): Parsed<string> {
  const value = text.trim();
  if (value === '') return { error: 'speaker.name.required' };
  return value.length > SPEAKER_NAME_MAX_LENGTH ? { error: 'speaker.name.tooLong' } : { value };
}

/** A speaker's role or organisation: may be empty. */
export function parseSpeakerField(text: string): Parsed<string> {
  const value = text.trim();
  return value.length > SPEAKER_FIELD_MAX_LENGTH ? { error: 'speaker.field.tooLong' } : { value };
}
