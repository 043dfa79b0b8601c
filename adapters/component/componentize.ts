/**
 * A P1 core module made a component with jco's P1 command adapter (`componentNew`): for
 * runtimes that run components but not the sockets back-port's core imports (Wasmtime,
 * docs/sockets-backport.md), and for the component-model suite's adapted P1 tests
 * (docs/component-model.md). A module that imports wasi:sockets first gets the back-port
 * world's WIT embedded (`componentEmbed`). The result is cached on disk, keyed by
 * everything it is made from, so each module is built once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { functionImports } from '../host/sockets/wasm-imports.ts';
import { besideWorld, DIRECT_WORLD, directWitSource } from './direct-world.ts';
import { PACKAGE_ROOT } from '../paths.ts';

export const COMPONENT_CACHE_DIR = path.join(PACKAGE_ROOT, 'node_modules/.cache/wasmcert/components');
const WIT_DIR = path.join(PACKAGE_ROOT, 'adapters/component/wit');
/** The world in wit/backport.wit. */
export const BACKPORT_WORLD = 'backport';

/** Whether a core module imports any wasi:sockets interface (false for a file that cannot be read as one). */
export function importsWasiSockets(modulePath: string): boolean {
  try {
    return functionImports(modulePath).some((i) => i.module.startsWith('wasi:sockets/') && i.module.endsWith('@0.2.0'));
  } catch {
    return false;
  }
}

/**
 * The WIT as one source string: jco's embed cannot read a WIT folder without a preopen
 * preload (../shared/reference/toolchain.md section 4), so wit/backport.wit comes first
 * and each wit/deps/*.wit follows as a nested `package … { … }` block.
 */
let witCache: string | undefined;
export function backportWitSource(): string {
  if (witCache !== undefined) return witCache;
  let text = readFileSync(path.join(WIT_DIR, 'backport.wit'), 'utf8');
  for (const file of readdirSync(path.join(WIT_DIR, 'deps')).filter((f) => f.endsWith('.wit')).sort()) {
    const dep = readFileSync(path.join(WIT_DIR, 'deps', file), 'utf8');
    const header = dep.match(/^package ([^;\s]+);$/m);
    if (!header) throw new Error(`adapters/component/wit/deps/${file} has no \`package …;\` line`);
    text += `\npackage ${header[1]} {\n${dep.replace(header[0], '')}\n}\n`;
  }
  return (witCache = text);
}

interface Jco {
  componentEmbed(opts: { binary: Uint8Array; witSource: string; world: string }): Promise<Uint8Array>;
  componentNew(bytes: Uint8Array, adapters?: Array<[string, Uint8Array]>): Promise<Uint8Array>;
  preview1AdapterCommandPath(): URL;
}

/**
 * jco's P1 command adapter and jco's version, found without loading jco: importing it
 * costs ~150 ms (and ~60 ms more to start wasm-tools), which a cache hit, such as the
 * sockets.backport probe in every Wasmtime run, should not pay. The adapter is where
 * `preview1AdapterCommandPath()` says (lib/ beside dist/api.js); a build checks that.
 */
export function commandAdapterPath(): string {
  const api = createRequire(import.meta.url).resolve('@bytecodealliance/jco');
  return path.join(path.dirname(api), '../lib/wasi_snapshot_preview1.command.wasm');
}

/** A module without `_start` is a library of exports (a reactor): it gets jco's reactor adapter. */
type AdapterKind = 'command' | 'reactor';

const adapterPromises = new Map<AdapterKind, Promise<{ file: string; bytes: Uint8Array; version: string }>>();
function p1Adapter(kind: AdapterKind) {
  let promise = adapterPromises.get(kind);
  if (!promise) {
    promise = (async () => {
      const api = createRequire(import.meta.url).resolve('@bytecodealliance/jco');
      const file = kind === 'command' ? commandAdapterPath() : commandAdapterPath().replace(/command\.wasm$/, 'reactor.wasm');
      const pkg = JSON.parse(await readFile(path.join(path.dirname(api), '../package.json'), 'utf8')) as { version?: string };
      return { file, bytes: await readFile(file), version: pkg.version ?? 'unknown' };
    })();
    adapterPromises.set(kind, promise);
    promise.catch(() => adapterPromises.delete(kind)); // a failed load is retried by the next call
  }
  return promise;
}

/** Whether the core module exports a command's `_start` (false for a reactor or an unreadable file). */
function exportsStart(module: Uint8Array): boolean {
  try {
    return WebAssembly.Module.exports(new WebAssembly.Module(module as Uint8Array<ArrayBuffer>)).some((e) => e.name === '_start');
  } catch {
    return true; // let wit-component say what is wrong with it
  }
}

let jcoPromise: Promise<Jco> | undefined;
function loadJco() {
  jcoPromise ??= import('@bytecodealliance/jco') as unknown as Promise<Jco>;
  jcoPromise.catch(() => (jcoPromise = undefined));
  return jcoPromise;
}

/** sha256 of (module bytes + WIT + adapter bytes), each length-prefixed, and jco's version (wit-component's output is its own). */
function cacheKey(module: Uint8Array, wit: string, adapter: Uint8Array, jcoVersion: string): string {
  const hash = createHash('sha256');
  for (const part of [Buffer.from(`wasmcert-backport-component/1 jco@${jcoVersion}`), module, Buffer.from(wit), adapter]) {
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(part.length));
    hash.update(len).update(part);
  }
  return hash.digest('hex');
}

/** wit-component's error chain (`…\nCaused by:\n    0: …`) as one line. */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (
    text
      .split('\n')
      .map((l) => l.trim().replace(/^\$/, '').replace(/^\d+:\s*/, ''))
      .filter((l) => l && l !== 'Caused by:')
      .join(': ') || 'unknown error'
  );
}

const building = new Map<string, Promise<string>>();

export interface ComponentizeOptions {
  /** Where components are kept (default COMPONENT_CACHE_DIR). */
  cacheDir?: string;
}

/**
 * The path of a component equivalent to the core module at `modulePath`, built when the
 * cache has none. Written to a temp file and renamed, so pool workers building the same
 * one at once never see half a file. Throws with wit-component's reason on one line.
 */
export async function componentize(modulePath: string, options: ComponentizeOptions = {}): Promise<string> {
  const cacheDir = options.cacheDir ?? COMPONENT_CACHE_DIR;
  const module = await readFile(modulePath);
  const adapter = await p1Adapter(exportsStart(module) ? 'command' : 'reactor');
  // what no adapter provides is named by a WIT world: the module's own beside it, the
  // back-port's, or the direct world of a module calling WASI 0.2 itself (direct-world.ts)
  const own = besideWorld(modulePath);
  const backport = !own && importsWasiSockets(modulePath);
  const wit = own?.wit ?? (backport ? backportWitSource() : directWitSource(modulePath));
  const world = own?.world ?? (backport ? BACKPORT_WORLD : DIRECT_WORLD);
  const file = path.join(cacheDir, `${cacheKey(module, wit, adapter.bytes, adapter.version)}.component.wasm`);
  if (existsSync(file)) return file;
  let pending = building.get(file);
  if (!pending) {
    pending = (async () => {
      let component: Uint8Array;
      try {
        const jco = await loadJco();
        const jcoAdapter = fileURLToPath(jco.preview1AdapterCommandPath());
        if (path.dirname(path.resolve(jcoAdapter)) !== path.dirname(path.resolve(adapter.file))) throw new Error(`jco's P1 adapters are beside ${jcoAdapter}, not ${adapter.file}`);
        const embedded = wit ? await jco.componentEmbed({ binary: module, witSource: wit, world }) : module;
        component = await jco.componentNew(embedded, [['wasi_snapshot_preview1', adapter.bytes]]);
      } catch (e) {
        throw new Error(oneLine(e));
      }
      await mkdir(cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.${threadId}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, component);
        await rename(tmp, file);
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
      return file;
    })();
    building.set(file, pending);
    pending.finally(() => building.delete(file)).catch(() => {});
  }
  return pending;
}
