#!/usr/bin/env node
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../scripts/build-guests.ts');
process.exitCode = main(process.argv.slice(2));
