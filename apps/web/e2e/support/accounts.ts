import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';

/** The network that the server's seed data creates on first start. */
export const NETWORK = { slug: 'netwerk-grote-steden', name: 'Netwerk Grote Steden' } as const;

export interface Person {
  name: string;
  email: string;
  password: string;
}

// Calls the API with the context's cookies, as the web app would: state-changing requests carry our Origin.
async function post(context: BrowserContext, serverUrl: string, path: string, data: object): Promise<unknown> {
  const response = await context.request.post(`${serverUrl}${path}`, { data, headers: { origin: serverUrl } });
  expect(response.ok(), `POST ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json();
}

/** Creates the first account through the API and leaves `context` signed in as it. */
export async function setUpFirstAccount(context: BrowserContext, serverUrl: string, person: Person): Promise<void> {
  await post(context, serverUrl, '/api/setup', { ...person, organisationId: null });
}

/** Invites `person` to the seeded network with `role`, and accepts the link in `inviteeContext` (a new account). */
export async function addMember(
  secretariat: BrowserContext,
  inviteeContext: BrowserContext,
  serverUrl: string,
  person: Person,
  role: string,
): Promise<void> {
  const { link } = (await post(secretariat, serverUrl, `/api/networks/${NETWORK.slug}/invitations`, {
    email: person.email,
    role,
  })) as { link: string };
  const token = new URL(link).pathname.split('/').at(-1);
  await post(inviteeContext, serverUrl, `/api/invitations/${token}/accept`, {
    name: person.name,
    password: person.password,
    organisationId: null,
  });
}
