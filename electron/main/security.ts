// Pure policies behind the window's guards (window.ts wires them to Electron events).
export const SCHEME = 'heirloom';
export const APP_HOST = 'app';
export const MEDIA_HOST = 'media';
export const APP_ENTRY_URL = `${SCHEME}://${APP_HOST}/index.html`;

/**
 * Sent on every heirloom://app response. Same policy as renderer/index.html's meta tag, except
 * connect-src: the Electron client talks over IPC, so it needs no ws: (the browser host does).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `img-src 'self' ${SCHEME}: blob: data:`,
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function parse(url: string): URL | undefined {
  return URL.canParse(url) ? new URL(url) : undefined;
}

/** True only for pages of our own app origin (navigation, IPC senders, permissions). */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== undefined && parsed.protocol === `${SCHEME}:` && parsed.host === APP_HOST;
}

/** The URL to hand to the OS browser, or undefined: only https leaves the app (no http, file, custom schemes). */
export function externalUrl(url: string): string | undefined {
  const parsed = parse(url);
  return parsed?.protocol === 'https:' && parsed.username === '' && parsed.password === '' ? parsed.href : undefined;
}

/** Notifications ("album done") are the one permission the UI uses, and only from our own pages. */
export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return permission === 'notifications' && isAppUrl(requestingUrl);
}
