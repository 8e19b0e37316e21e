import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../src/lib/i18n/en.json';
import nl from '../src/lib/i18n/nl.json';
import { expectNoSeriousA11yViolations } from './support/a11y.ts';
import { addMember, NETWORK, setUpFirstAccount } from './support/accounts.ts';
import { fill } from './support/messages.ts';
import { DIRK as MEMBER, SANNE as SECRETARIAT } from './support/people.ts';
import { useKlankbord } from './support/server.ts';

describe('the pages, by keyboard, on a phone and in two languages', () => {
  const { server, browser } = useKlankbord();
  let secretariat: BrowserContext;

  beforeAll(async () => {
    secretariat = await browser.newContext();
    const member = await browser.newContext();
    await setUpFirstAccount(secretariat, server.url, SECRETARIAT);
    await addMember(secretariat, member, server.url, MEMBER, 'deelnemer');
    await member.close();
  });

  /** A fresh browser, as a phone when asked, with nobody signed in. */
  async function visitor(phone = false): Promise<Page> {
    const context = await browser.newContext(phone ? { viewport: { width: 360, height: 740 } } : {});
    return context.newPage();
  }

  it('signs in with the keyboard alone and says why a sign-in failed', async () => {
    const page = await visitor();
    await page.goto(`${server.url}/login`);
    await page.getByRole('heading', { level: 1, name: nl.login.title }).waitFor();

    // The skip link is the first stop and moves focus to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(nl.layout.skipLink);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');

    await page.keyboard.press('Tab');
    await page.keyboard.type(MEMBER.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('niet het goede wachtwoord');
    await page.keyboard.press('Enter');
    await page.getByText(nl.errors.login.failed).waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
    await expectNoSeriousA11yViolations(page);

    await page.getByLabel(nl.fields.password).focus();
    await page.keyboard.type(MEMBER.password);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/networks');
    await page.getByRole('link', { name: NETWORK.name }).waitFor();
    await page.context().close();
  });

  it('switches to English, remembers it, and sets the language of the page', async () => {
    const page = await visitor(true);
    await page.goto(`${server.url}/login`);
    await page.getByRole('button', { name: nl.languages.en }).click();
    await page.getByRole('heading', { level: 1, name: en.login.title }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expectNoSeriousA11yViolations(page);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: en.login.title }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await page.getByRole('button', { name: en.languages.nl }).click();
    await page.getByRole('heading', { level: 1, name: nl.login.title }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await page.context().close();
  });

  it('explains an unknown invitation or new-password link instead of failing', async () => {
    const page = await visitor(true);
    await page.goto(`${server.url}/invite/onbekend`);
    await page.getByText(nl.errors.invitation.invalid).waitFor();
    await expectNoSeriousA11yViolations(page);

    await page.goto(`${server.url}/reset-password/onbekend`);
    await page.getByText(nl.errors.reset.invalid).waitFor();
    await expectNoSeriousA11yViolations(page);

    // A page that needs an account sends a visitor to sign in, and back afterwards.
    await page.goto(`${server.url}/account`);
    await page.waitForURL('**/login?next=%2Faccount');
    await page.context().close();
  });

  it('lets the secretariaat change a role and hand out a new-password link that works', async () => {
    const page = await secretariat.newPage();
    await page.goto(`${server.url}/networks/${NETWORK.slug}`);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: MEMBER.name }) });
    await card.waitFor();

    await card.getByLabel(fill(nl.network.roleOf, { name: MEMBER.name })).selectOption('klankbordgroep');
    await card.getByRole('button', { name: nl.network.saveRole }).click();
    await page.getByRole('status').getByText(MEMBER.name).waitFor();
    await card.getByText(nl.roles.klankbordgroep, { exact: true }).first().waitFor();

    await card.getByRole('button', { name: nl.network.resetLink.create }).click();
    const linkField = card.getByLabel(fill(nl.network.resetLink.label, { name: MEMBER.name }));
    await linkField.waitFor();
    const link = await linkField.inputValue();
    await expectNoSeriousA11yViolations(page);

    const member = await visitor(true);
    await member.goto(link);
    await member.getByText(MEMBER.email).waitFor();
    await expectNoSeriousA11yViolations(member);
    await member.getByLabel(nl.fields.newPassword).fill('een nieuw en lang wachtwoord');
    await member.getByRole('button', { name: nl.reset.submit }).click();
    await member.getByText(nl.reset.done).waitFor();

    await member.getByRole('link', { name: nl.login.title }).last().click();
    await member.getByLabel(nl.fields.email).fill(MEMBER.email);
    await member.getByLabel(nl.fields.password).fill('een nieuw en lang wachtwoord');
    await member.getByRole('button', { name: nl.login.submit }).last().click();
    await member.waitForURL('**/networks');
    await member.context().close();
    await page.close();
  });

  it('asks before removing a member and refuses to remove the last secretariaat', async () => {
    const page = await secretariat.newPage();
    await page.goto(`${server.url}/networks/${NETWORK.slug}`);
    const memberCard = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: MEMBER.name }) });
    const ownCard = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: SECRETARIAT.name }) });
    await memberCard.waitFor();

    // Escape closes the dialog and changes nothing.
    await memberCard.getByRole('button', { name: nl.network.remove }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await ownCard.getByRole('button', { name: nl.network.remove }).click();
    await page.getByRole('dialog').getByRole('button', { name: nl.network.remove }).click();
    await page.getByRole('dialog').getByText(nl.errors.role.lastSecretariat).waitFor();
    await page.keyboard.press('Escape');

    await memberCard.getByRole('button', { name: nl.network.remove }).click();
    await page.getByRole('dialog').getByRole('button', { name: nl.network.remove }).click();
    await page
      .getByRole('status')
      .getByText(fill(nl.network.removed, { name: MEMBER.name }))
      .waitFor();
    await memberCard.waitFor({ state: 'detached' });
    // The pressed button went with the card: the keyboard goes on from the list's heading, not the page's top.
    await page.waitForFunction(() => document.activeElement?.id === 'members-heading');
    await page.close();
  });

  it('shows a new API token once, with a warning, and revokes it', async () => {
    const page = await secretariat.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.url}/account`);
    await page.getByRole('heading', { level: 1, name: nl.account.title }).waitFor();
    await expectNoSeriousA11yViolations(page);

    await page.getByLabel(nl.account.tokens.name).fill('Agenda-export');
    await page.getByLabel(nl.account.tokens.days).fill('30');
    await page.getByRole('button', { name: nl.account.tokens.create }).click();
    await page.getByText(nl.account.tokens.shownOnce).waitFor();
    const secret = await page.getByLabel(nl.account.tokens.secret, { exact: true }).inputValue();
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Agenda-export', exact: true }) });
    await row.waitFor();
    await expectNoSeriousA11yViolations(page);

    const asScript = () =>
      page.request.get(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await asScript()).status()).toBe(200);

    await row.getByRole('button', { name: nl.account.tokens.revoke }).click();
    await page.getByText(fill(nl.account.tokens.revoked, { name: 'Agenda-export' })).waitFor();
    expect((await asScript()).status()).toBe(401);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: nl.account.title }).waitFor();
    expect(await page.getByText(secret).count()).toBe(0);
    await page.close();
  });

  it('shows the audit log to the secretariaat', async () => {
    const page = await secretariat.newPage();
    await page.goto(`${server.url}/networks/${NETWORK.slug}/audit`);
    await page.getByRole('cell', { name: nl.audit.events['invitation.accepted'] }).first().waitFor();
    await page.getByRole('cell', { name: nl.audit.events['member.removed'] }).first().waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.close();
  });
});
