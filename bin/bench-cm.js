#!/usr/bin/env node
// `npm run bench:cm`: P1 import against component import, per runtime, op and size (scripts/bench-cm.ts).
import { register } from 'tsx/esm/api';
import { quietExperimentalWarnings } from '../runners/quiet-warnings.mjs';

quietExperimentalWarnings();
register();
const { main } = await import('../scripts/bench-cm.ts');
process.exit(await main());
