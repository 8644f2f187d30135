#!/usr/bin/env node
// Entry point of the `concord` command: TypeScript sources run through tsx, so no build step is needed for the server.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
