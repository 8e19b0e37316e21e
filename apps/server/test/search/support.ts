import { expect } from 'vitest';
import type { Cast } from '../meetings/fixtures.ts';

/** Adds a stelling to a meeting as the cast's secretariaat; returns its id. */
export async function addStatement(cast: Cast, meetingId: number, text: string, context = ''): Promise<number> {
  const response = await cast.api.secretariaat.post(`/api/meetings/${meetingId}/statements`, {
    text,
    context,
    sessionId: null,
  });
  expect(response.status).toBe(201);
  return response.body.statement.id as number;
}
