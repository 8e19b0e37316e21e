import {
  countUnreadNotifications,
  findUser,
  getNotificationPreferences,
  listNotifications,
  markNotificationsRead,
  setNotificationPreferences,
} from '@klankbord/db';
import { notificationPreferencesInput, notificationReadInput } from '@klankbord/domain';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Deps, Principal } from '../env.ts';
import { escapeHtml } from '../mail.ts';
import { requireUser } from '../middleware/authenticate.ts';
import { mailLanguage } from '../notifications/mail-text.ts';
import { readUnsubscribeToken } from '../notifications/unsubscribe.ts';
import { valid } from '../validate.ts';

const PAGE_SIZE = 30;
const listQuery = z.object({ before: z.coerce.number().int().positive().optional() });

/**
 * /api/notifications: the signed-in person's own inbox and mail preferences. Every query is by the caller's
 * user id, so nobody reads or marks another's notifications (an id of someone else's is ignored).
 */
export function notificationRoutes(deps: Deps) {
  const me = (principal: Principal | null) => (principal as Principal).user.id;
  return (
    new Hono<AppEnv>()
      .use(requireUser)
      .get('/', valid('query', listQuery), async (c) => {
        const userId = me(c.get('principal'));
        const page = await listNotifications(deps.db, userId, {
          limit: PAGE_SIZE + 1,
          before: c.req.valid('query').before,
        });
        return c.json({
          notifications: page.slice(0, PAGE_SIZE),
          more: page.length > PAGE_SIZE,
          unread: await countUnreadNotifications(deps.db, userId),
        });
      })
      // The header's badge asks this on every navigation: a count only.
      .get('/unread', async (c) => {
        return c.json({ unread: await countUnreadNotifications(deps.db, me(c.get('principal'))) });
      })
      .post('/read', valid('json', notificationReadInput), async (c) => {
        const userId = me(c.get('principal'));
        await markNotificationsRead(deps.db, userId, c.req.valid('json'));
        return c.json({ unread: await countUnreadNotifications(deps.db, userId) });
      })
      .get('/preferences', async (c) => {
        return c.json({ preferences: await getNotificationPreferences(deps.db, me(c.get('principal'))) });
      })
      .put('/preferences', valid('json', notificationPreferencesInput), async (c) => {
        const userId = me(c.get('principal'));
        await setNotificationPreferences(deps.db, userId, c.req.valid('json'));
        return c.json({ preferences: await getNotificationPreferences(deps.db, userId) });
      })
  );
}

const pages = {
  nl: {
    title: 'Afmelden voor e-mail',
    ask: 'Wilt u geen e-mail meer ontvangen over dit soort meldingen? U ziet ze nog wel in Klankbord.',
    button: 'Afmelden',
    done: 'U bent afgemeld. U ontvangt over dit soort meldingen geen e-mail meer. U kunt dit wijzigen op uw accountpagina.',
    invalid: 'Deze afmeldlink is niet geldig.',
  },
  en: {
    title: 'Unsubscribe from e-mail',
    ask: 'Do you want to stop receiving e-mail about this kind of notification? You will still see them in Klankbord.',
    button: 'Unsubscribe',
    done: 'You are unsubscribed. You will receive no more e-mail about this kind of notification. You can change this on your account page.',
    invalid: 'This unsubscribe link is not valid.',
  },
};

function page(language: 'nl' | 'en', body: string, status: 200 | 400 = 200): Response {
  const words = pages[language];
  const html = `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(words.title)} — Klankbord</title></head><body><main><h1>${escapeHtml(words.title)}</h1>${body}</main></body></html>`;
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    },
  });
}

/**
 * /unsubscribe/:token, outside /api: the one-click unsubscribe of a notification mail (RFC 8058). The signed
 * token is the authority, so the mail client's POST needs no session and carries no Origin; GET only asks, so
 * that a link scanner following it unsubscribes nobody.
 */
export function unsubscribeRoutes(deps: Deps) {
  const language = async (userId: number) => mailLanguage((await findUser(deps.db, userId))?.locale ?? 'nl');
  return new Hono<AppEnv>()
    .get('/:token', async (c) => {
      const found = await readUnsubscribeToken(deps.db, c.req.param('token'));
      if (!found) return page('nl', `<p>${escapeHtml(pages.nl.invalid)}</p>`, 400);
      const lang = await language(found.userId);
      const words = pages[lang];
      const form = `<form method="post"><button type="submit">${escapeHtml(words.button)}</button></form>`;
      return page(lang, `<p>${escapeHtml(words.ask)}</p>${form}`);
    })
    .post('/:token', async (c) => {
      const found = await readUnsubscribeToken(deps.db, c.req.param('token'));
      if (!found) return page('nl', `<p>${escapeHtml(pages.nl.invalid)}</p>`, 400);
      const user = await findUser(deps.db, found.userId);
      // An account removed since the mail was sent gets no mail anyway: there is nothing to store.
      if (user) await setNotificationPreferences(deps.db, user.id, { [found.kind]: 'off' });
      const lang = mailLanguage(user?.locale ?? 'nl');
      return page(lang, `<p role="status">${escapeHtml(pages[lang].done)}</p>`);
    });
}
