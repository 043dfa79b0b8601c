import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { RUNTIMES_DIR } from './paths.ts';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Numeric-aware descending order, so 49.0.3 comes before 47.0.3 and 100.0.0 before 99.0.0. */
function newestFirst(a: string, b: string): number {
  return b.localeCompare(a, undefined, { numeric: true });
}

/** Versions of a runtime installed under .runtimes/<name>/, newest first. */
export function installedVersions(name: string): string[] {
  try {
    return readdirSync(path.join(RUNTIMES_DIR, name), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort(newestFirst);
  } catch {
    return [];
  }
}

export function onPath(executable: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir || '.', executable);
    if (dir && isExecutable(file)) return file;
  }
  return null;
}

export interface LookupRule {
  name: string;
  executable: string;
  envVar: string;
  /** The binary inside an installed version's folder. */
  installed: (versionDir: string, variant?: string) => string;
}

export interface Located {
  path: string;
  /** How it was found, for `wasmcert runtimes`. */
  source: 'runtime-path' | 'env' | 'installed' | 'PATH';
  version?: string;
}

/**
 * Where a runtime's binary is: an explicit --runtime-path, then the runtime's
 * environment variable, then the project's runtime folder, then PATH. A requested
 * version can only come from the runtime folder.
 */
export function locate(rule: LookupRule, want: { path?: string; version?: string; variant?: string }): Located | { missing: string } {
  if (want.path) return isExecutable(want.path) ? { path: path.resolve(want.path), source: 'runtime-path' } : { missing: `--runtime-path ${want.path} is not an executable file` };
  const fromEnv = process.env[rule.envVar];
  if (fromEnv && !want.version) return isExecutable(fromEnv) ? { path: fromEnv, source: 'env' } : { missing: `${rule.envVar}=${fromEnv} is not an executable file` };
  const versions = installedVersions(rule.name);
  for (const version of want.version ? [want.version] : versions) {
    const file = rule.installed(path.join(RUNTIMES_DIR, rule.name, version), want.variant);
    if (isExecutable(file)) return { path: file, source: 'installed', version };
  }
  if (want.version) {
    return { missing: `${rule.name}@${want.version}${want.variant ? `:${want.variant}` : ''} is not installed (installed: ${versions.join(', ') || 'none'}; run npm run setup:runtimes)` };
  }
  const found = onPath(rule.executable);
  if (found) return { path: found, source: 'PATH' };
  return { missing: `${rule.name} not found: set ${rule.envVar}, pass --runtime-path, put ${rule.executable} on PATH, or run npm run setup:runtimes` };
}
