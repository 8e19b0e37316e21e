import { error } from '@sveltejs/kit';

/** A numeric id from the address (a meeting's, a statement's), or a 404 for anything that is not one. */
export function idParam(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) error(404, { message: 'not_found', key: 'not_found' });
  return id;
}
