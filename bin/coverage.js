#!/usr/bin/env node
// `npm run coverage` writes docs/coverage.md; `--check` fails when it is stale.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../scripts/coverage.ts');
process.exit(await main(process.argv.slice(2)));
