import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityProviderCli } from '../../server/test/auth-oidc/cli.ts';
import { type LocalProvider, startLocalProvider } from '../../server/test/auth-oidc/local-provider.ts';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { NETWORK, type Person, setUpFirstAccount } from './support/accounts.ts';
import { useKlankbord } from './support/server.ts';

/** A secretariaat at the municipality of Utrecht, whose staff sign in through Utrecht's own provider. */
const ANNE: Person = { name: 'Anne Jansen', email: 'a.jansen@utrecht.nl', password: 'wachtwoord van Anne' };
const BUTTON = nl.login.viaOrganisation.button.replace('{organisation}', 'Gemeente Utrecht');

describe('signing in through the organisation’s own identity provider', () => {
  const { server, browser } = useKlankbord();
  let provider: LocalProvider;

  beforeAll(async () => {
    provider = await startLocalProvider([`${server.url}/api/auth/oidc/callback`]);
    const setup = await browser.newContext();
    await setUpFirstAccount(setup, server.url, ANNE);
    await setup.close();
    const configured = await identityProviderCli(
      server.dataDir,
      [
        '--organisation',
        'Utrecht',
        '--issuer',
        provider.issuer,
        '--client-id',
        provider.clientId,
        '--domains',
        'utrecht.nl',
      ],
      provider.clientSecret,
    );
    expect(configured.code, configured.output).toBe(0);
  });
  afterAll(async () => {
    await provider?.close();
  });

  /** From the login page, through the provider's own login form, back to Klankbord. */
  async function signInThroughProvider(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    // By keyboard: the organisation's button is a link that Enter follows.
    await page.getByRole('link', { name: BUTTON }).press('Enter');
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(ANNE.email);
    await page.locator('input[name="password"]').fill('om het even');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.origin === server.url && !url.pathname.startsWith('/api/'));
    return page;
  }

  it('offers the organisation on the login page, readable and usable on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    const button = page.getByRole('link', { name: BUTTON });
    await button.waitFor();
    await page.getByRole('heading', { level: 2, name: nl.login.viaOrganisation.title }).waitFor();
    const box = await button.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expectNoSeriousA11yViolations(page);
    if (process.env.SCREENSHOT_DIR) {
      await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/login-360.png`, fullPage: true });
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/login-1280.png`, fullPage: true });
    }
    await context.close();
  });

  it('signs a member in through the provider in Chromium, with the session the password would give', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await signInThroughProvider(context);
    expect(new URL(page.url()).pathname).not.toBe('/login');
    await page.goto(`${server.url}/networks/${NETWORK.slug}`);
    await page.getByRole('heading', { level: 1, name: NETWORK.name }).waitFor();
    const cookies = await context.cookies(server.url);
    expect(cookies.map((cookie) => cookie.name)).toContain('klankbord_session');
    await context.close();
  });

  it('refuses a forged ID token with a clear message, and signs nobody in', async () => {
    const context = await browser.newContext();
    provider.tamper = 'forgedSignature';
    try {
      const page = await signInThroughProvider(context);
      expect(new URL(page.url()).pathname).toBe('/login');
      const summary = page.locator('.error-summary');
      await summary.getByText(nl.errors.oidc.refused).waitFor();
      // The summary takes the focus, so a screen reader reads out why.
      expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
      await expectNoSeriousA11yViolations(page);
      if (process.env.SCREENSHOT_DIR) {
        await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/login-refused.png`, fullPage: true });
      }
      const session = await context.request.get(`${server.url}/api/auth/session`);
      expect((await session.json()).user).toBeNull();
    } finally {
      provider.tamper = null;
    }
    await context.close();
  });

  it('lets the secretariaat turn the password off for the organisation, which the login page then explains', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await signInThroughProvider(context);
    await page.goto(`${server.url}/networks/${NETWORK.slug}`);
    await page.getByRole('link', { name: nl.signInSettings.link }).click();
    await page.getByRole('heading', { level: 2, name: 'Gemeente Utrecht' }).waitFor();
    const turnOff = nl.signInSettings.turnOff.replace('{organisation}', 'Gemeente Utrecht');
    await page.getByRole('button', { name: turnOff }).press('Enter');
    await page
      .getByRole('status')
      .getByText(nl.signInSettings.turnedOff.replace('{organisation}', 'Gemeente Utrecht'))
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expectNoSeriousA11yViolations(page);
    if (process.env.SCREENSHOT_DIR) {
      await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/sign-in-settings-360.png`, fullPage: true });
    }

    // Signed out, the password no longer works for Anne, and the login page says which way does.
    const stranger = await browser.newContext();
    const login = await stranger.newPage();
    await login.goto(`${server.url}/login`);
    await login.getByLabel(nl.fields.email).fill(ANNE.email);
    await login.getByLabel(nl.fields.password).fill(ANNE.password);
    await login.getByRole('button', { name: nl.login.submit, exact: true }).click();
    await login.locator('.error-summary').getByText(nl.errors.login.passwordOff).waitFor();
    await stranger.close();

    const turnOn = nl.signInSettings.turnOn.replace('{organisation}', 'Gemeente Utrecht');
    await page.getByRole('button', { name: turnOn }).click();
    await page
      .getByRole('status')
      .getByText(nl.signInSettings.turnedOn.replace('{organisation}', 'Gemeente Utrecht'))
      .waitFor();
    const password = await context.request.post(`${server.url}/api/auth/login`, {
      data: { email: ANNE.email, password: ANNE.password },
      headers: { origin: server.url },
    });
    expect(password.status()).toBe(200);
    await context.close();
  });
});
