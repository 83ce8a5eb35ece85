// Codex service worker (issue 16, ADR 038). Served by /sw.js, which fills in the version (a hash of the static files
// the layout names) and the shell: a changed file is a changed worker, which installs its own cache and drops the old.
// Pages: network first; the last-visited library and the articles the server marked (header __KEEP__) are kept per
// reader for offline reading, and dropped as soon as a fresh copy is no longer marked. Media is never cached.
// Progress saved offline waits in an outbox (player.js puts it there) and is sent by a Background Sync event.
'use strict';
const SHELL = __SHELL__;
const STATIC = 'codex-static-__VERSION__';
const PAGES = 'codex-pages';
const OUTBOX = 'codex-outbox';
const SYNC = 'codex-progress';
const OFFLINE = '__OFFLINE__';
const KEEP = '__KEEP__';
const MAX_PAGES = 20;
const keepable = (path) => path === '/library' || /^\/o\/[^/]+\/content\/[^/]+$/.test(path);
// Kept pages are checked again once the network is back (and when this worker starts): not on every navigation.
let stale = true;

self.addEventListener('install', (event) => {
  // Fetched without cookies: the shell (the offline page among it) is the same for everyone on this browser.
  event.waitUntil(caches.open(STATIC)
    .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { credentials: 'omit' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(names
    .filter((name) => name.startsWith('codex-static-') && name !== STATIC).map((name) => caches.delete(name)))));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;
  if (request.method === 'POST' && (url.pathname === '/logout' || url.pathname === '/login')) {
    // Signing out or in (perhaps as someone else) forgets everything kept: the pages, and saves queued for a session
    // that may have ended without a sign-out, which must never be sent with the next person's.
    event.waitUntil(forget());
    return;
  }
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    if (!/^\/(media|dev)\//.test(url.pathname)) event.respondWith(page(event, request, url));
  } else if (['style', 'script', 'font'].includes(request.destination) || url.pathname === '/favicon.ico') {
    event.respondWith(asset(request, url));
  }
});

async function page(event, request, url) {
  // A page is kept by its path: /library is the last library page visited, whatever its filter.
  const key = keepable(url.pathname) ? url.origin + url.pathname : null;
  try {
    const response = await fetch(request);
    if (key) event.waitUntil(keep(key, response.clone()));
    if (stale) { stale = false; event.waitUntil(revalidate()); }
    return response;
  } catch (error) {
    stale = true;
    const kept = key && await (await caches.open(PAGES)).match(key, { ignoreVary: true });
    if (kept || request.destination !== 'document') return kept || Response.error();
    return (await (await caches.open(STATIC)).match(OFFLINE, { ignoreVary: true })) || Response.error();
  }
}

// Keeps a page only when the server marked it (the reader may read all of it); a page whose fresh copy is not marked
// (no access any more, signed out, gone) is dropped. Pages kept for another reader go when one is kept for a new one.
async function keep(key, response) {
  const cache = await caches.open(PAGES);
  // A moment's failure (a worker down: 503; a limit: 429) keeps the good copy; any other answer without the mark drops it.
  if (response.status >= 500 || response.status === 429) return;
  const reader = response.status === 200 && response.headers.get(KEEP);
  if (!reader) return cache.delete(key);
  for (const old of await cache.keys()) {
    const kept = await cache.match(old, { ignoreVary: true });
    if (!kept || kept.headers.get(KEEP) !== reader) await cache.delete(old);
  }
  await cache.put(key, response);
  const keys = await cache.keys(); // oldest first: put moves a page to the end
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PAGES))) await cache.delete(old);
}

async function revalidate() {
  const cache = await caches.open(PAGES);
  for (const key of await cache.keys()) {
    // Purpose: prefetch: a check, not a person's view (the site does not count it).
    const response = await fetch(key.url, { credentials: 'same-origin', cache: 'no-store', redirect: 'manual', headers: { Purpose: 'prefetch' } })
      .catch(() => null);
    if (!response) { stale = true; return; }
    await keep(key.url, response);
  }
}

async function asset(request, url) {
  const cache = await caches.open(STATIC);
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  try {
    const response = await fetch(request);
    // Versioned URLs never change: kept (an organization's theme, player.js). Others go to the network each time.
    if (response.ok && url.searchParams.has('v')) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // Offline, a kept page may name an older version of a file than this worker's: this version serves.
    return (await cache.match(request, { ignoreSearch: true, ignoreVary: true })) || Response.error();
  }
}

function forget() {
  return Promise.all([caches.delete(PAGES), caches.delete(OUTBOX)]);
}

// Progress saves: the newest per item, sent in order by this worker alone. A save refused for good (400, 403) is not
// sent again; one that could not arrive (offline, 401, 429, 5xx) waits for the next sync.
let sending = Promise.resolve();
function flush() {
  sending = sending.catch(() => {}).then(async () => {
    const box = await caches.open(OUTBOX);
    for (const key of await box.keys()) {
      const saved = await box.match(key);
      const body = saved && await saved.text();
      if (!body) continue;
      const response = await fetch(key.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, credentials: 'same-origin' });
      if (!response.ok && response.status !== 400 && response.status !== 403) throw new Error('progress not saved: ' + response.status);
      const now = await box.match(key);
      if (now && await now.text() === body) await box.delete(key); // else a newer save came meanwhile: it goes next time
    }
  });
  return sending;
}

self.addEventListener('sync', (event) => {
  if (event.tag === SYNC) event.waitUntil(flush());
});

self.addEventListener('message', (event) => {
  const data = event.data;
  if (data === 'forget') event.waitUntil(forget());
  else if (data === 'flush') event.waitUntil(flush().catch(() => {}));
});
