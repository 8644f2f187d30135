import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Secrets generated at first start into the data directory (mode 0600), never committed:
 * - session.key: 32 random bytes; HMAC key for CSRF tokens and AES-256-GCM key for TOTP secrets at rest;
 * - audit-ed25519.pem / .pub.pem: the platform's key that signs audit checkpoints;
 * - db-app-password: the login password Concord gives the database role concord_app on a PostgreSQL server.
 */
export interface Secrets {
  sessionKey: Buffer;
  auditPrivateKey: crypto.KeyObject;
  auditPublicKey: crypto.KeyObject;
  /** First 16 hex digits of the SHA-256 of the public key (DER), stored beside each checkpoint signature. */
  auditKeyId: string;
  /** Login password of the database role concord_app on a PostgreSQL server. */
  databaseAppPassword: string;
}

export function loadOrCreateSecrets(dataDir: string): Secrets {
  const dir = path.join(dataDir, 'keys');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const sessionKeyFile = path.join(dir, 'session.key');
  if (!fs.existsSync(sessionKeyFile)) {
    fs.writeFileSync(sessionKeyFile, crypto.randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  const appPasswordFile = path.join(dir, 'db-app-password');
  if (!fs.existsSync(appPasswordFile)) {
    fs.writeFileSync(appPasswordFile, crypto.randomBytes(24).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  const privateFile = path.join(dir, 'audit-ed25519.pem');
  const publicFile = path.join(dir, 'audit-ed25519.pub.pem');
  if (!fs.existsSync(privateFile)) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    fs.writeFileSync(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    fs.writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  }
  const auditPrivateKey = crypto.createPrivateKey(fs.readFileSync(privateFile));
  const auditPublicKey = crypto.createPublicKey(auditPrivateKey);
  return {
    sessionKey: Buffer.from(fs.readFileSync(sessionKeyFile, 'utf8').trim(), 'base64'),
    auditPrivateKey,
    auditPublicKey,
    auditKeyId: keyId(auditPublicKey),
    databaseAppPassword: fs.readFileSync(appPasswordFile, 'utf8').trim(),
  };
}

export function keyId(publicKey: crypto.KeyObject): string {
  return crypto
    .createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** AES-256-GCM with a random 96-bit nonce; output `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function sealSecret(key: Buffer, plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function openSecret(key: Buffer, sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('unreadable sealed secret');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
