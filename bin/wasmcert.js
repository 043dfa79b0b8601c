#!/usr/bin/env node
// Entry point: loads the TypeScript sources through tsx, so `npm install` is the only setup.
import { register } from 'tsx/esm/api';
import { quietExperimentalWarnings } from '../runners/quiet-warnings.mjs';

quietExperimentalWarnings();
register();
const { main } = await import('../cli/main.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`wasmcert: internal error: ${e?.stack ?? e}\n`);
  process.exitCode = 3;
}
