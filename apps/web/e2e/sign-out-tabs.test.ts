import { describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

describe('signing out in one tab', () => {
  const { server, browser } = useKlankbord();

  it('takes the person’s other tabs of this browser to the sign-in page, not on showing their pages', async () => {
    const context = await browser.newContext();
    await setUpFirstAccount(context, server.url, SANNE);
    const other = await context.newPage();
    await other.goto(`${server.url}/networks/${NETWORK.slug}`);
    await other.getByRole('heading', { level: 1, name: NETWORK.name }).waitFor();

    const account = await context.newPage();
    await account.goto(`${server.url}/account`);
    await account.getByRole('button', { name: nl.account.signOut }).click();
    await account.waitForURL(/\/login/);

    // The other tab starts again as nobody: it shows the sign-in page, not the network.
    await other.waitForURL(/\/login/);
    expect(await other.getByRole('heading', { level: 1, name: NETWORK.name }).count()).toBe(0);
    await context.close();
  });
});
