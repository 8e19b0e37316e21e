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

  it('forgets what the browser kept of the person even when the server cannot be reached, and says so', async () => {
    const context = await browser.newContext();
    const signedIn = await context.request.post(`${server.url}/api/auth/login`, {
      data: { email: SANNE.email, password: SANNE.password },
      headers: { origin: server.url },
    });
    expect(signedIn.status()).toBe(200);
    const page = await context.newPage();
    await page.goto(`${server.url}/account`);
    await page.getByRole('button', { name: nl.account.signOut }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('klankbord:session'))).not.toBeNull();
    await context.setOffline(true);
    await page.getByRole('button', { name: nl.account.signOut }).click();
    await page.getByRole('alert').filter({ hasText: nl.account.signOutFailed }).waitFor();
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('klankbord:')));
    expect(kept).toEqual([]);
    await context.close();
  });
});
