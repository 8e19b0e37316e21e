import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';
import { NETWORK } from './accounts.ts';

async function send(context: BrowserContext, serverUrl: string, method: 'POST' | 'GET', path: string, data?: object) {
  const response = await context.request.fetch(`${serverUrl}${path}`, {
    method,
    ...(data ? { data } : {}),
    headers: { origin: serverUrl },
  });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json() as Promise<unknown>;
}

/** Creates a netwerkdag in the seeded network as the person signed in to `context`; it starts in preparation. */
export async function createMeeting(context: BrowserContext, serverUrl: string, title: string): Promise<number> {
  const { meeting } = (await send(context, serverUrl, 'POST', `/api/networks/${NETWORK.slug}/meetings`, {
    title,
    dates: ['2026-03-12'],
    format: 'in-person',
    hostOrganisationId: null,
    venue: 'Stadskantoor Tilburg',
  })) as { meeting: { id: number } };
  return meeting.id;
}

/** Moves a meeting on through its statuses, one step at a time (preparation → published → live). */
export async function moveMeeting(
  context: BrowserContext,
  serverUrl: string,
  meetingId: number,
  ...statuses: string[]
): Promise<void> {
  for (const status of statuses)
    await send(context, serverUrl, 'POST', `/api/meetings/${meetingId}/status`, { status });
}

/** The meeting's sessions as the API lists them (projected from the programme document). */
export async function listSessions(
  context: BrowserContext,
  serverUrl: string,
  meetingId: number,
): Promise<{ id: string; topic: string }[]> {
  const { sessions } = (await send(context, serverUrl, 'GET', `/api/meetings/${meetingId}/sessions`)) as {
    sessions: { id: string; topic: string }[];
  };
  return sessions;
}

/** Adds a stelling to a meeting (as a member who may manage them); returns its id. */
export async function addStatement(
  context: BrowserContext,
  serverUrl: string,
  meetingId: number,
  text: string,
  statementContext = '',
): Promise<number> {
  const { statement } = (await send(context, serverUrl, 'POST', `/api/meetings/${meetingId}/statements`, {
    text,
    context: statementContext,
    sessionId: null,
  })) as { statement: { id: number } };
  return statement.id;
}
