#!/usr/bin/env node
// Runs Concord's tests with Node's test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [unit|integration|e2e ...]   (default: all tiers)
// With DATABASE_URL set, the integration tier runs against that PostgreSQL server, one fresh database per test file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const tiers = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['unit', 'integration', 'e2e'];
const files = [];
for (const tier of tiers) {
  const dir = path.join('test', tier);
  if (!fs.existsSync(dir)) continue;
  for (const entry of fs.readdirSync(dir, { recursive: true })) {
    const file = path.join(dir, String(entry));
    if (file.endsWith('.test.ts')) files.push(file);
  }
}
if (files.length === 0) {
  console.error(`no test files in ${tiers.join(', ')}`);
  process.exit(1);
}
files.sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: process.env,
});
process.exit(result.status ?? 1);
