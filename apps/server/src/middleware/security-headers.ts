import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * Headers for every response: no MIME sniffing, no framing, no path or query sent to other sites as a referrer
 * (a verslag's links go everywhere; our URLs name meetings and may hold a token), and a Content-Security-Policy
 * that allows nothing unless the route set its own (the web app's page, an attachment's sandbox). HSTS is left to
 * the TLS-terminating proxy, which knows whether every subdomain speaks HTTPS.
 */
export function securityHeaders(): MiddlewareHandler {
  const headers = secureHeaders({
    // A route's own policy is kept: it knows its content (web-app.ts, attachments.ts).
    overwrite: false,
    // A response that is not a page of ours — JSON, a file, an error — may load nothing and be framed by nobody,
    // so that whatever a browser makes of it (a JSON body opened as a page, an SVG opened alone) runs nothing.
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
    },
    referrerPolicy: 'same-origin',
    xFrameOptions: 'DENY',
    strictTransportSecurity: false,
  });
  return async (c, next) => {
    // An upgraded WebSocket's response is the socket's: there is no HTTP response to add headers to.
    if (c.req.header('upgrade')?.toLowerCase() === 'websocket') return next();
    return headers(c, next);
  };
}

/**
 * Gives every HTML page the web app serves its Content-Security-Policy: scripts from our origin only, plus the
 * inline scripts of that very page (SvelteKit's start-up script) by hash — so there is no 'unsafe-inline' for
 * scripts and a new build, whose start-up script differs, needs no change here.
 */
export function webAppSecurityPolicy(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.get('content-type')?.startsWith('text/html')) return;
    // The page is read whole and sent anew: the Node adapter's response loses a header set after a clone().
    const page = c.res;
    const html = await page.text();
    const headers = new Headers(page.headers);
    headers.set('content-security-policy', pagePolicy(html));
    c.res = undefined;
    c.res = new Response(html, { status: page.status, headers });
  };
}

/**
 * The web app's service worker (apps/web/src/service-worker.ts): asked for anew on every visit, so that a new
 * version reaches the browser at once, and with a policy of its own — a worker runs under the policy of its
 * script's response, and the default one (nothing allowed) would forbid it to fetch even our own files.
 */
export function serviceWorkerHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.ok) return;
    c.res.headers.set('cache-control', 'no-cache');
    c.res.headers.set('content-security-policy', "default-src 'none'; connect-src 'self'");
  };
}

/** The Content-Security-Policy of an HTML page of the web app, allowing exactly its own inline scripts. */
export function pagePolicy(html: string): string {
  const hashes = inlineScripts(html).map(
    (script) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`,
  );
  return [
    "default-src 'self'",
    ['script-src', "'self'", ...hashes].join(' '),
    // Styles inline too: Tiptap puts its base stylesheet in a <style> element, and Svelte's `style:` directives,
    // ProseMirror and the start-up markup (`<div style="display: contents">`) set style attributes. A style runs
    // no script; what it leaves open is CSS-only tricks by someone who can already inject markup, which the
    // escaping of every text we render prevents.
    "style-src 'self' 'unsafe-inline'",
    // Images of a verslag and of a voorbeeld are linked by URL, from any site that serves them over HTTPS; a
    // verslag's own images come inline as data: in the print view and the published verslag (an image runs no
    // script).
    "img-src 'self' https: data:",
    // 'self' covers the WebSockets of /collab on this origin too (CSP Level 3: ws/wss of the same host).
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The text of each inline script of a page (a script with a `src` loads from a file, which 'self' covers). */
function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)]
    .filter(([, attributes = '']) => !/\bsrc\s*=/i.test(attributes))
    .map(([, , text = '']) => text);
}
