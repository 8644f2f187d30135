import argon2 from 'argon2';
import { z } from 'zod';

/** argon2id with the library's defaults (64 MiB, t=3, p=4): OWASP's recommended family and strength. */
export const passwordSchema = z.string().min(12, 'at least 12 characters').max(200);

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Makes the dummy hash ahead of the first sign-in, so that not even the first unknown e-mail costs an extra hash. */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('concord-timing-equaliser');
  return dummyHash;
}

/**
 * Spends the same time as a real verification (the dummy hash has the same argon2id parameters as users' hashes), so
 * unknown e-mail addresses cannot be told apart by timing.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(await prepareDummyHash(), password);
  return false;
}
