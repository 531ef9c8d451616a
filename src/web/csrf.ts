import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { freshRandom } from '../common/fresh-random.js';

/**
 * Anti-forgery tokens for the pages' forms. Each browser holds a random secret in an HttpOnly,
 * SameSite=Strict cookie, renewed at every sign-in; a form's token is a fresh salt with the HMAC,
 * under that secret, of the salt and of the session it was made for. Another site can neither read
 * the secret nor the session, so it cannot make a token; a token made before a sign-in, or for
 * another session, does not verify. Nothing is stored on the server, so any instance checks it.
 */
export const CSRF_FIELD = '_csrf';

export function csrfCookieName(secure: boolean): string {
  return secure ? '__Host-cti-csrf' : 'cti-csrf';
}

export function newCsrfSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function csrfToken(secret: string, session: string | undefined): string {
  // From the pooled generator: drawing 12 bytes from the system for every page cost more than the HMAC.
  const salt = freshRandom(12).toString('base64url');
  return `${salt}.${mac(secret, salt, session)}`;
}

export function verifyCsrfToken(secret: string | undefined, session: string | undefined, token: unknown): boolean {
  if (!secret || typeof token !== 'string' || token.length > 200) return false;
  const [salt, given, extra] = token.split('.');
  if (!salt || !given || extra !== undefined) return false;
  const expected = Buffer.from(mac(secret, salt, session));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function mac(secret: string, salt: string, session: string | undefined): string {
  const boundTo = createHash('sha256')
    .update(`session:${session ?? ''}`)
    .digest('base64url');
  return createHmac('sha256', secret).update(`${salt}|${boundTo}`).digest('base64url');
}
