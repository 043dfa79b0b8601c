import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { RuntimeAdapter } from '../adapters/base.ts';
import { ADAPTERS, resolveRuntimes } from '../adapters/index.ts';
import { installedVersions } from '../adapters/locate.ts';
import { RUNTIMES_DIR } from '../adapters/paths.ts';
import { InputError } from '../runners/input-error.ts';

/** Every runtime we could test: each installed version and build variant, else the default lookup. */
function candidates(): string[] {
  const specs: string[] = [];
  for (const name of Object.keys(ADAPTERS)) {
    const versions = installedVersions(name);
    if (versions.length === 0) specs.push(name);
    for (const v of versions) {
      const dir = path.join(RUNTIMES_DIR, name, v);
      // a folder of build variants (wamr) rather than a binary; each variant keeps its
      // build record, which the native-library folders beside them (backport, hal) lack
      const variants = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'build.json')))
        .map((e) => e.name);
      if (name === 'wamr' && variants.length) specs.push(...variants.map((x) => `${name}@${v}:${x}`));
      else specs.push(`${name}@${v}`);
    }
  }
  return specs;
}

function size(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** `wasmcert runtimes`: one line per runtime found, or why it was not. */
export async function listRuntimes(specs: string[], runtimePath?: string): Promise<number> {
  const rows: string[] = [];
  for (const spec of specs.length ? specs : candidates()) {
    let adapters: RuntimeAdapter[];
    try {
      adapters = resolveRuntimes([spec], runtimePath);
    } catch (e) {
      if (e instanceof InputError) {
        rows.push(`${spec.padEnd(24)} not found: ${e.problem}`);
        continue;
      }
      throw e;
    }
    for (const a of adapters) {
      try {
        const info = await a.describe();
        rows.push(`${info.name.padEnd(24)} ${info.version.padEnd(34)} ${size(info.sizeBytes).padStart(9)}  [${info.capabilities.join(', ')}]  ${info.path}`);
      } catch (e) {
        rows.push(`${a.label.padEnd(24)} not usable: ${e instanceof InputError ? e.problem : (e as Error).message.split('\n')[0]}`);
      }
    }
  }
  process.stdout.write(`${rows.join('\n')}\n`);
  return 0;
}
