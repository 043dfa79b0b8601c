#!/usr/bin/env node
// Entry point: loads the TypeScript sources through tsx, so `npm install` is the only setup.
import { register } from 'tsx/esm/api';
import { quietExperimentalWarnings } from '../runners/quiet-warnings.mjs';

quietExperimentalWarnings();
register();
const { main } = await import('../cli/main.ts');
let code;
try {
  code = await main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`wasmcert: internal error: ${e?.stack ?? e}\n`);
  code = 3;
}
// Reports are written by now; a worker stuck in a guest's host call must not keep us alive.
process.exit(code);
