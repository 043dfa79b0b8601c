import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where `npm run setup:runtimes` installs pinned runtimes: .runtimes/<name>/<version>/… (git-ignored). */
export const RUNTIMES_DIR = process.env.WASMCERT_RUNTIMES_DIR ?? path.join(PACKAGE_ROOT, '.runtimes');
