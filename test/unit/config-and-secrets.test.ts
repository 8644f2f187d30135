import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { csrfTokenFor, csrfTokenMatches } from '../../src/modules/platform/auth/session-tokens.ts';
import { loadOrCreateSecrets, openSecret, sealSecret } from '../../src/secrets.ts';

describe('configuration', () => {
  it('defaults to PGlite in ./data and port 8080', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.database.kind, 'pglite');
  });
  it('uses the PostgreSQL server when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' });
    assert.equal(config.database.kind, 'postgresql');
  });
  it('lists every problem of an invalid environment', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', CONCORD_LOG_LEVEL: 'loud' }),
      (error: unknown) => error instanceof ConfigError && error.problems.length === 3,
    );
  });
});

describe('secrets', () => {
  it('generates keys once at first start and reuses them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-secrets-'));
    const first = loadOrCreateSecrets(dir);
    const second = loadOrCreateSecrets(dir);
    assert.equal(first.sessionKey.length, 32);
    assert.deepEqual(first.sessionKey, second.sessionKey);
    assert.equal(first.auditKeyId, second.auditKeyId);
    assert.equal(fs.statSync(path.join(dir, 'keys', 'audit-ed25519.pem')).mode & 0o077, 0);
    fs.rmSync(dir, { recursive: true });
  });
  it('seals secrets with authenticated encryption', () => {
    const key = Buffer.alloc(32, 7);
    const sealed = sealSecret(key, 'JBSWY3DPEHPK3PXP');
    assert.notEqual(sealed.includes('JBSWY3DPEHPK3PXP'), true);
    assert.equal(openSecret(key, sealed), 'JBSWY3DPEHPK3PXP');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    assert.throws(() => openSecret(key, tampered));
    assert.throws(() => openSecret(Buffer.alloc(32, 8), sealed));
  });
  it('binds CSRF tokens to the session', () => {
    const key = Buffer.alloc(32, 1);
    const token = csrfTokenFor(key, 'session-1');
    assert.equal(csrfTokenMatches(key, 'session-1', token), true);
    assert.equal(csrfTokenMatches(key, 'session-2', token), false);
    assert.equal(csrfTokenMatches(key, 'session-1', undefined), false);
  });
});
