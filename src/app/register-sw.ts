/**
 * Registers the service worker (sw.js, generated at build time with the list of files to keep offline).
 * A new version installs in the background and waits; the page shows "reload to update", and the reload
 * activates it — so no tab runs a mix of old and new files, and nothing stored in IndexedDB is touched.
 */

/** Callbacks for the page. */
export interface SwHandlers {
  onUpdate: (apply: () => void) => void;
  onOffline: () => void;
}

/** Registers ./sw.js when the browser supports it and the page is not the Vite dev server (which has
 *  import.meta.hot; NODE_ENV can say "test" in a production build made from a test run). */
export function registerServiceWorker(handlers: SwHandlers): void {
  if (!('serviceWorker' in navigator) || import.meta.hot) return;
  void navigator.serviceWorker.register('./sw.js').then((registration) => {
    const offer = (worker: ServiceWorker) =>
      handlers.onUpdate(() => {
        worker.postMessage('skip-waiting');
      });
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state !== 'installed') return;
        if (navigator.serviceWorker.controller) offer(worker);
        else handlers.onOffline();
      });
    });
    if (registration.active && navigator.serviceWorker.controller) handlers.onOffline();
  });
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading || !sessionStorage.getItem('coalzone.had-controller')) {
      sessionStorage.setItem('coalzone.had-controller', '1');
      return;
    }
    reloading = true;
    location.reload();
  });
  if (navigator.serviceWorker.controller) sessionStorage.setItem('coalzone.had-controller', '1');
}
