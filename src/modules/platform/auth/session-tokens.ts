import crypto from 'node:crypto';

export const SESSION_COOKIE = 'concord_session';
export const CSRF_HEADER = 'x-csrf-token';

/** 128 random bits, base64url. Only its SHA-256 is stored, so a database dump holds no usable token. */
export function newSessionToken(): { token: string; hash: Buffer } {
  const token = crypto.randomBytes(16).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return crypto.createHash('sha256').update(token).digest();
}

/** Synchroniser token bound to the session: HMAC of the session id under the server's session key. */
export function csrfTokenFor(sessionKey: Buffer, sessionId: string): string {
  return crypto.createHmac('sha256', sessionKey).update(`csrf:${sessionId}`).digest('base64url');
}

export function csrfTokenMatches(sessionKey: Buffer, sessionId: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(sessionKey, sessionId));
  const given = Buffer.from(presented);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
