import { InputError } from '../runners/input-error.ts';
import type { RuntimeAdapter } from './base.ts';
import { InProcessAdapter } from './in-process.ts';
import { installedVersions, locate } from './locate.ts';
import { ProcessAdapter } from './process.ts';
import type { AdapterRef } from './types.ts';
import { WamrAdapter } from './wamr.ts';
import { WasmEdgeAdapter } from './wasmedge.ts';
import { WasmtimeAdapter } from './wasmtime.ts';
import { WazeroAdapter } from './wazero.ts';

type AdapterClass = new (options: Record<string, string>) => RuntimeAdapter;

export const ADAPTERS: Record<string, AdapterClass> = {
  'in-process': InProcessAdapter,
  wasmtime: WasmtimeAdapter,
  wamr: WamrAdapter,
  wasmedge: WasmEdgeAdapter,
  wazero: WazeroAdapter,
};

export const DEFAULT_RUNTIME = 'in-process';

export function createAdapter(ref: AdapterRef): RuntimeAdapter {
  const cls = ADAPTERS[ref.name];
  if (!cls) throw new InputError('--runtime', `unknown runtime "${ref.name}" (known: ${Object.keys(ADAPTERS).join(', ')}, all)`);
  return new cls(ref.options);
}

/** `wasmtime`, `wasmtime@46.0.1`, `wasmtime@*`, `wamr@2.4.3:minimal`, `wamr:minimal`. */
function parseSpec(spec: string): { name: string; version?: string; variant?: string } {
  const m = spec.match(/^([a-z][a-z0-9-]*)(?:@([^:]+))?(?::([a-z0-9-]+))?$/);
  if (!m) throw new InputError('--runtime', `cannot read "${spec}" (expected NAME, NAME@VERSION, NAME@* or NAME:VARIANT)`);
  return { name: m[1]!, ...(m[2] ? { version: m[2] } : {}), ...(m[3] ? { variant: m[3] } : {}) };
}

/** `all`: the in-process host and every runtime found, each labelled with the version found in .runtimes/. */
function everyAvailable(runtimePath?: string): RuntimeAdapter[] {
  const out: RuntimeAdapter[] = [];
  for (const name of Object.keys(ADAPTERS)) {
    const probe = createAdapter({ name, options: {} });
    if (!(probe instanceof ProcessAdapter)) {
      out.push(probe);
      continue;
    }
    const found = locate(probe.lookupRule(), runtimePath ? { path: runtimePath } : {});
    if ('missing' in found) continue;
    out.push(createAdapter({ name, options: { ...(found.version ? { version: found.version } : {}), ...(runtimePath ? { runtimePath } : {}) } }));
  }
  return out;
}

/**
 * Turns --runtime values into adapters: `all` is the in-process host plus every
 * runtime that can be found; `NAME@*` is every installed version of NAME.
 */
export function resolveRuntimes(specs: string[], runtimePath?: string): RuntimeAdapter[] {
  const adapters: RuntimeAdapter[] = [];
  for (const spec of specs.length ? specs : [DEFAULT_RUNTIME]) {
    if (spec === 'all') {
      adapters.push(...everyAvailable(runtimePath));
      continue;
    }
    const { name, version, variant } = parseSpec(spec);
    createAdapter({ name, options: {} }); // unknown names fail here, before any lookup
    const versions = version === '*' ? installedVersions(name) : [version];
    if (version === '*' && versions.length === 0) throw new InputError('--runtime', `no installed versions of ${name} (run npm run setup:runtimes)`);
    for (const v of versions) {
      const options: Record<string, string> = { ...(v ? { version: v } : {}), ...(variant ? { variant } : {}), ...(runtimePath ? { runtimePath } : {}) };
      adapters.push(createAdapter({ name, options }));
    }
  }
  // `all` and `wasmtime@*` both name the newest Wasmtime: run it once
  const seen = new Set<string>();
  return adapters.filter((a) => !seen.has(a.label) && seen.add(a.label));
}
