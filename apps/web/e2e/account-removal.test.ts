import type { BrowserContext } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { addMember, setUpFirstAccount } from './support/accounts.ts';
import { DIRK, SANNE } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

describe('removing one’s own account (AVG), on a phone, with the keyboard', () => {
  const { server, browser } = useKlankbord();
  let member: BrowserContext;

  beforeAll(async () => {
    const secretariat = await browser.newContext();
    member = await browser.newContext({ viewport: { width: 360, height: 740 } });
    await setUpFirstAccount(secretariat, server.url, SANNE);
    await addMember(secretariat, member, server.url, DIRK, 'deelnemer');
  });

  it('asks for the password and a confirmation, then removes the account and signs out', async () => {
    const page = await member.newPage();
    await page.goto(`${server.url}/account`);
    const section = page.getByRole('region', { name: nl.account.remove.title });
    await section.waitFor();
    await expectNoSeriousA11yViolations(page);
    const password = section.getByLabel(nl.fields.currentPassword);

    // A wrong password: the dialog asks, the server refuses, and the form says why.
    await password.fill('niet mijn wachtwoord');
    await password.press('Enter');
    const dialog = page.getByRole('dialog', { name: nl.account.remove.confirmTitle });
    await dialog.waitFor();
    // The safe choice has focus; the one before it removes.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(nl.common.cancel);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await section.getByText(nl.errors.password.wrong).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // Escape keeps the account.
    await password.fill(DIRK.password);
    await password.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await password.press('Enter');
    await dialog.getByRole('button', { name: nl.account.remove.confirm }).click();
    await page.waitForURL('**/login');
    const signIn = await member.request.post(`${server.url}/api/auth/login`, {
      data: { email: DIRK.email, password: DIRK.password },
      headers: { origin: server.url },
    });
    expect(signIn.status()).toBe(401);
  });
});
