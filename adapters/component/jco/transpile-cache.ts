/**
 * A component as jco-transpiled JS (`--instantiation async`), made once per component and
 * jco version and kept under node_modules/.cache/wasmcert/jco/<key>/: transpiling costs
 * ~0.4 s plus ~0.1 s to load jco, which every run of every worker would otherwise pay.
 * Each pool worker then imports the JS and compiles the core modules once, and
 * instantiates them afresh for every run (jco keeps all its state inside `instantiate`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../../paths.ts';
import { oneLine } from '../componentize.ts';

export const JCO_CACHE_DIR = path.join(PACKAGE_ROOT, 'node_modules/.cache/wasmcert/jco');

/** Bumped when what is written to a cache folder changes shape. */
const FORMAT = 'wasmcert-jco-transpile/1';
/** `name` fixes the file names (component.js, component.core*.wasm); no .d.ts is needed. */
const TRANSPILE_OPTIONS = { name: 'component', instantiation: 'async', emitTypescriptDeclarations: false, quiet: true } as const;
const ENTRY = 'component.js';
const META = 'meta.json';

/** The component could not be transpiled, compiled or linked: the run's outcome is `load-error`. */
export class ComponentLoadError extends Error {}

/** A core instance as jco's third `instantiate` argument must give it back. */
export type InstantiateCore = (module: WebAssembly.Module, imports?: WebAssembly.Imports) => Promise<{ exports: WebAssembly.Exports }>;

/** The `instantiate` that `--instantiation async` output exports. */
export type Instantiate = (
  getCoreModule: (name: string) => Promise<WebAssembly.Module>,
  imports: Record<string, object>,
  instantiateCore?: InstantiateCore,
) => Promise<Record<string, unknown>>;

interface Meta {
  /** Interfaces the JS looks up in the import object, unversioned (`wasi:cli/stdout`). */
  imports: string[];
  exports: [string, string][];
}

export interface TranspiledComponent extends Meta {
  dir: string;
  instantiate: Instantiate;
  /** A core module of the component, compiled once per thread when the component is loaded. */
  coreModule(name: string): Promise<WebAssembly.Module>;
}

interface Jco {
  transpile(bytes: Uint8Array, opts: typeof TRANSPILE_OPTIONS): Promise<{ files: Record<string, Uint8Array>; imports: string[]; exports: [string, string][] }>;
}

let jcoPromise: Promise<Jco> | undefined;
function loadJco(): Promise<Jco> {
  jcoPromise ??= import('@bytecodealliance/jco') as unknown as Promise<Jco>;
  jcoPromise.catch(() => (jcoPromise = undefined));
  return jcoPromise;
}

/**
 * The versions of jco and of jco-transpile (which writes the JS), read from their
 * package.json files: a cache hit should not pay for loading jco.
 */
let versionsPromise: Promise<string> | undefined;
function toolVersions(): Promise<string> {
  versionsPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const jcoMain = require.resolve('@bytecodealliance/jco');
    // jco-transpile exports no ./package.json: go up from its entry point
    const transpileMain = createRequire(jcoMain).resolve('@bytecodealliance/jco-transpile');
    const version = async (file: string) => (JSON.parse(await readFile(file, 'utf8')) as { version?: string }).version ?? 'unknown';
    const [jco, transpile] = await Promise.all([version(path.join(path.dirname(jcoMain), '../package.json')), version(path.join(path.dirname(transpileMain), '../package.json'))]);
    return `jco@${jco} jco-transpile@${transpile}`;
  })();
  versionsPromise.catch(() => (versionsPromise = undefined));
  return versionsPromise;
}

function cacheKey(component: Uint8Array, versions: string): string {
  return createHash('sha256')
    .update(`${FORMAT}\n${versions}\n${JSON.stringify(TRANSPILE_OPTIONS)}\n`)
    .update(component)
    .digest('hex');
}

const building = new Map<string, Promise<void>>();

/**
 * Transpiles into a private temp folder, then renames it to its key: a folder under its
 * key is always complete. When two workers race, the second rename fails (the target is
 * a non-empty folder) and that worker uses the winner's folder.
 */
async function transpileInto(dir: string, component: Uint8Array): Promise<void> {
  let out: Awaited<ReturnType<Jco['transpile']>>;
  try {
    out = await (await loadJco()).transpile(component, { ...TRANSPILE_OPTIONS });
  } catch (e) {
    throw new ComponentLoadError(`jco could not transpile the component: ${oneLine(e)}`);
  }
  const tmp = `${dir}.${process.pid}.${threadId}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(tmp, { recursive: true });
    for (const [name, bytes] of Object.entries(out.files)) {
      await mkdir(path.dirname(path.join(tmp, name)), { recursive: true });
      await writeFile(path.join(tmp, name), bytes);
    }
    // the generated JS is ESM in a .js file
    await writeFile(path.join(tmp, 'package.json'), '{"type":"module"}\n');
    const meta: Meta = { imports: out.imports, exports: out.exports };
    await writeFile(path.join(tmp, META), JSON.stringify(meta));
    try {
      await rename(tmp, dir);
    } catch (e) {
      if (!existsSync(path.join(dir, META))) throw e;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** The cache folder holding the transpiled component, made when missing. */
export async function transpiledDir(component: Uint8Array, cacheDir = JCO_CACHE_DIR): Promise<string> {
  const dir = path.join(cacheDir, cacheKey(component, await toolVersions()));
  if (existsSync(path.join(dir, META))) return dir;
  let pending = building.get(dir);
  if (!pending) {
    pending = transpileInto(dir, component);
    building.set(dir, pending);
    pending.finally(() => building.delete(dir)).catch(() => {});
  }
  await pending;
  return dir;
}

/**
 * Imports the JS and compiles every core module up front, as run-node-wasi compiles
 * before its clock starts: a run's durationMs is instantiation and execution only.
 */
async function open(dir: string): Promise<TranspiledComponent> {
  const meta = JSON.parse(await readFile(path.join(dir, META), 'utf8')) as Meta;
  const js = (await import(pathToFileURL(path.join(dir, ENTRY)).href)) as { instantiate: Instantiate };
  const names = (await readdir(dir)).filter((f) => f.endsWith('.wasm'));
  const cores = new Map(await Promise.all(names.map(async (name) => [name, await WebAssembly.compile(await readFile(path.join(dir, name)))] as const)));
  const coreModule = async (name: string) => {
    const module = cores.get(path.basename(name));
    if (!module) throw new ComponentLoadError(`jco's output has no core module ${name}`);
    return module;
  };
  return { ...meta, dir, instantiate: js.instantiate, coreModule };
}

const loaded = new Map<string, { stamp: string; component: Promise<TranspiledComponent> }>();

/**
 * The component at `file`, transpiled (from the disk cache when there) and loaded into
 * this thread. Kept per thread by path, size and mtime, as run-node-wasi keeps compiled
 * core modules: the same guest often runs under many specs.
 */
export function loadComponent(file: string, cacheDir = JCO_CACHE_DIR): Promise<TranspiledComponent> {
  const st = statSync(file);
  const stamp = `${st.mtimeMs}:${st.size}:${cacheDir}`;
  const hit = loaded.get(file);
  if (hit?.stamp === stamp) return hit.component;
  const component = (async () => open(await transpiledDir(await readFile(file), cacheDir)))();
  loaded.set(file, { stamp, component });
  component.catch(() => loaded.delete(file));
  return component;
}
