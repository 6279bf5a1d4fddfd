// coalzone service worker (generated from src/sw/sw.template.js at build time; do not edit dist/sw.js).
// Precaches the whole app — shell, zone data, places, the embedded basemap — so it answers with the network
// off (matching ignores Vary: module scripts carry an Origin header the precache requests did not). The basemap is fetched whole and read as a Blob by the app, so no byte-range requests reach here.
// A new version waits until the page asks it to take over (after the user chooses to reload).
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const CACHE = `coalzone-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('coalzone-') && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The app shell: one page; query strings (shared links) carry the point.
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match('./index.html').then((hit) => hit ?? fetch(request))),
    );
    return;
  }
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) =>
        cache.match(request, { ignoreSearch: true, ignoreVary: true }).then((hit) => hit ?? fetch(request)),
      ),
  );
});
