/** Security keys through @simplewebauthn/browser, loaded only when someone uses one. */
export async function registerKey(options: unknown) {
  const { startRegistration } = await import('@simplewebauthn/browser');
  return startRegistration({ optionsJSON: options as never });
}

export async function authenticateWithKey(options: unknown) {
  const { startAuthentication } = await import('@simplewebauthn/browser');
  return startAuthentication({ optionsJSON: options as never });
}

/** Browsers offer security keys only on HTTPS pages and on localhost. */
export const keysPossible = () => window.isSecureContext && 'credentials' in navigator;
