#!/usr/bin/env node
import { register } from 'tsx/esm/api';
import { quietExperimentalWarnings } from '../runners/quiet-warnings.mjs';

quietExperimentalWarnings();
register();
await import('../scripts/bench.ts');
