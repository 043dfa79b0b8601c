// Pool workers start here: plain JS so they can load the TypeScript worker through tsx.
import { register } from 'tsx/esm/api';
import { quietExperimentalWarnings } from './quiet-warnings.mjs';

quietExperimentalWarnings();
register();
const { default: runJob } = await import('./worker.ts');
export default runJob;
