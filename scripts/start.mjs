#!/usr/bin/env node
// `npm start`: build the web UI if it is missing or older than its sources, then start the server in this same
// process (which migrates the database, loads demo data on first start, and prints the URL and demo logins). Being
// the server itself, rather than its parent, means Ctrl-C and a service manager's SIGTERM reach the server directly:
// it stops cleanly and releases the data folder, and no server is left running after `npm start` ends.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

const built = path.join('web', 'dist', 'index.html');
const sources = [path.join('web', 'src'), path.join('web', 'index.html'), path.join('web', 'vite.config.ts')].filter((p) =>
  fs.existsSync(p),
);
const sourceTime = Math.max(...sources.map((p) => (fs.statSync(p).isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs)));
if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sourceTime) {
  console.log('Building the web interface…');
  const build = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    { stdio: 'inherit' },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// npm runs this script through `sh -c`, and passes a SIGTERM on to that shell only: the shell ends and this process
// is left behind with another parent. Seeing its parent change, the server stops as if it had been sent the signal.
const parent = process.ppid;
const parentWatch = setInterval(() => {
  if (process.ppid !== parent) {
    clearInterval(parentWatch);
    process.kill(process.pid, 'SIGTERM');
  }
}, 250);
parentWatch.unref();
process.argv = [process.argv[0], path.resolve('bin', 'concord.mjs'), 'serve', ...process.argv.slice(2)];
await import('../bin/concord.mjs');
