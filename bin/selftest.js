#!/usr/bin/env node
// `npm run selftest`: every deliberately broken in-process host must be caught by its suite (P1, sockets, HAL or component-model).
import { register } from 'tsx/esm/api';
import { quietExperimentalWarnings } from '../runners/quiet-warnings.mjs';

quietExperimentalWarnings();
register();
const { main } = await import('../scripts/selftest.ts');
process.exit(await main(process.argv.slice(2)));
