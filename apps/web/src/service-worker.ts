/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

/**
 * Keeps the app shell of this version — its page (index.html, which the server sends for every page route) and
 * its built scripts and styles — so that a page opened before opens without a connection too. It keeps nothing
 * else: the API, the /collab WebSockets and the event streams carry personal data and access decisions, which
 * must come from the server each time, never from a cache the server cannot withdraw.
 */
import { build, files, version } from '$service-worker';

const worker = self as unknown as ServiceWorkerGlobalScope;

const CACHE = `klankbord-shell-${version}`;
/** The cache key of the page: the server answers every page route with the same index.html. */
const SHELL = '/';
/** Built files carry a hash in their names, so a cached one is never stale; `files` are those of static/. */
const ASSETS = new Set([...build, ...files]);

worker.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([SHELL, ...ASSETS])));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      // Also serve the tab that installed this worker, so that its later page chunks can come from the cache.
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin || isServerData(url, request)) return;
  if (request.mode === 'navigate') event.respondWith(networkFirst(request));
  else if (ASSETS.has(url.pathname)) event.respondWith(cacheFirst(request));
});

/** The API, the collaboration endpoint and event streams: always the network, never a cache. */
function isServerData(url: URL, request: Request): boolean {
  return (
    url.pathname.startsWith('/api/') ||
    url.pathname === '/collab' ||
    url.pathname.startsWith('/collab/') ||
    request.headers.get('accept')?.includes('text/event-stream') === true
  );
}

/** A page: the server's answer when it can be reached (a new version, a server-made page), else the kept shell. */
async function networkFirst(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const shell = await caches.match(SHELL, { cacheName: CACHE });
    if (shell) return shell;
    throw error;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request, { cacheName: CACHE });
  return cached ?? fetch(request);
}
