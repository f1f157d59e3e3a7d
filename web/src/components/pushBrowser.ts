import { api } from '../api.js';

/** Whether this browser can take push notifications at all (a secure origin, a service worker, the Push API). */
export const pushPossible = () => window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

const keyBytes = (base64url: string) => {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
};

/** Asks for permission, registers the service worker, subscribes with the server's VAPID key and tells the server. */
export async function enablePushHere(publicKey: string): Promise<void> {
  if (!pushPossible()) throw new Error('This browser cannot receive push notifications here (it needs HTTPS or localhost, and the Push API).');
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new Error('The browser did not allow notifications. Allow them for this site in its settings and try again.');
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  await navigator.serviceWorker.ready;
  const existing = await registration.pushManager.getSubscription();
  const subscription = existing ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  const { endpoint, keys } = subscription.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
  await api('POST', '/account/push-subscriptions', { endpoint, keys });
}
