// backwatch's service worker: shows the personal push notifications the server sends (RFC 8030/8291),
// and opens the check when one is clicked. Only paths on this console's own origin are opened.
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: 'backwatch', body: event.data ? event.data.text() : '' };
  }
  const title = typeof data.title === 'string' && data.title ? data.title : 'backwatch';
  const options = { body: typeof data.body === 'string' ? data.body : '', tag: typeof data.tag === 'string' ? data.tag : undefined, data: { url: data.url } };
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  let path = '/';
  try {
    const url = new URL(event.notification.data && event.notification.data.url ? event.notification.data.url : '/', self.location.origin);
    path = url.pathname + url.search;
  } catch {
    path = '/';
  }
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const w of windows) if (new URL(w.url).pathname === path && 'focus' in w) return w.focus();
      return self.clients.openWindow(path);
    }),
  );
});
