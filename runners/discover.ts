import { constants } from 'node:fs';
import { access, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { commandAdapterPath } from '../adapters/component/componentize.ts';
import { isComponent } from '../adapters/component/jco/is-component.ts';
import { InputError } from './input-error.ts';
import { DEFAULT_TIMEOUT_MS, type HostCountsPerCall, type PeerSpec, type Preopen, type Suite, type TestCase } from './test-case.ts';
import { manifestSchema, testSpecSchema } from './spec-schema.ts';
import { parseJson, validatorFor } from './validate.ts';

interface SpecFile {
  description?: string;
  module?: string;
  args?: string[];
  env?: Record<string, string>;
  root?: string | null;
  dirs?: string[];
  stdin?: string;
  exit_code?: number;
  trap?: boolean;
  stdout?: string;
  stderr?: string;
  tap?: boolean;
  tcp_listen?: boolean;
  peer?: Partial<PeerSpec>;
  socket_policy?: { addr_pool?: string[]; allow_resolve?: string[] };
  hal?: { board: string; trace?: string[] };
  component?: boolean;
  host_counts?: { import: string; per_call: HostCountsPerCall };
  invoke?: string;
  repeat?: number;
  timeout_ms?: number;
  guest_memory_limit_bytes?: number;
  requires?: string[];
  tags?: string[];
}

interface Manifest {
  name: string;
  version?: string;
  description?: string;
  adapts?: { suite: string; with: 'wasi-p1-command-adapter' };
}

const validateSpec = validatorFor<SpecFile>(testSpecSchema);
const validateManifest = validatorFor<Manifest>(manifestSchema);

/** What a suite's WASI target implies a runtime must support. */
function impliedCapability(version: string): string {
  return /wasip[23]/.test(version) ? 'component' : 'p1';
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseJson(text, file);
}

async function requireEntry(specPath: string, field: string, target: string, kind: 'file' | 'dir'): Promise<void> {
  let s;
  try {
    s = await stat(target);
  } catch {
    throw new InputError(specPath, `field "${field}": ${kind === 'file' ? 'module' : 'fixture folder'} ${path.basename(target)} not found`);
  }
  if (kind === 'file' ? !s.isFile() : !s.isDirectory()) {
    throw new InputError(specPath, `field "${field}": ${path.basename(target)} is not a ${kind === 'file' ? 'file' : 'folder'}`);
  }
}

/**
 * A fixture is copied fresh for every run, so everything in it must be readable and
 * copyable: only folders, regular files and symlinks (which are copied as links).
 */
async function checkFixture(specPath: string, field: string, dir: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
    await access(dir, constants.R_OK | constants.X_OK);
  } catch (e) {
    throw new InputError(specPath, `field "${field}": fixture folder ${dir} is unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await checkFixture(specPath, field, p);
    else if (e.isFile()) {
      try {
        await access(p, constants.R_OK);
      } catch (err) {
        throw new InputError(specPath, `field "${field}": fixture file ${p} is unreadable (${(err as NodeJS.ErrnoException).code})`);
      }
    } else if (!e.isSymbolicLink()) throw new InputError(specPath, `field "${field}": fixture entry ${p} is not a file, folder or symlink and cannot be copied`);
  }
}

async function loadTest(suite: Manifest & { dir: string }, name: string, specPath: string | null, modulePath: string): Promise<TestCase> {
  const spec: SpecFile = specPath ? validateSpec(await readJson(specPath), specPath) : {};
  const where = specPath ?? modulePath;
  if (spec.root !== undefined && spec.dirs !== undefined) throw new InputError(where, 'fields "root" and "dirs" exclude each other');
  if (spec.module) modulePath = path.resolve(suite.dir, spec.module);
  await requireEntry(where, 'module', modulePath, 'file');

  const preopens: Preopen[] = [];
  if (typeof spec.root === 'string') preopens.push({ guest: '/', host: path.resolve(suite.dir, spec.root) });
  for (const dir of spec.dirs ?? []) preopens.push({ guest: dir, host: path.resolve(suite.dir, dir) });
  for (const p of preopens) {
    const field = spec.root ? 'root' : 'dirs';
    await requireEntry(where, field, p.host, 'dir');
    await checkFixture(where, field, p.host);
  }

  if (spec.hal) await requireEntry(where, 'hal.board', path.resolve(suite.dir, spec.hal.board), 'file');
  const trap = spec.trap ?? false;
  if (trap && spec.exit_code !== undefined) throw new InputError(where, 'fields "trap" and "exit_code" exclude each other');
  // a core module in a wasip2 suite runs as a component unless its spec says otherwise
  const binaryIsComponent = isComponent(modulePath);
  const asComponent = !binaryIsComponent && (spec.component ?? impliedCapability(suite.version ?? '') === 'component');
  if (spec.repeat !== undefined && (spec.peer || spec.tcp_listen)) throw new InputError(where, 'field "repeat" cannot be combined with "peer" or "tcp_listen" (a peer runs its script once)');
  if (spec.invoke !== undefined && !(binaryIsComponent || asComponent)) throw new InputError(where, 'field "invoke" needs a component (a wasm32-wasip2 suite, or "component": true)');
  const implied = [binaryIsComponent || asComponent ? 'component' : 'p1', ...(spec.invoke !== undefined ? ['component.invoke'] : []), ...(spec.tcp_listen ? ['sockets.preopen'] : [])];
  const requires = [...new Set([...implied, ...(spec.requires ?? [])])];
  return {
    id: `${suite.name}/${name}`,
    suite: suite.name,
    name,
    specPath,
    modulePath,
    argv0: path.basename(modulePath),
    args: spec.args ?? [],
    env: spec.env ?? {},
    preopens,
    stdin: spec.stdin ?? '',
    tcpListen: spec.tcp_listen ?? false,
    ...(spec.peer ? { peer: { transport: spec.peer.transport ?? 'tcp', family: spec.peer.family ?? 'ipv4', role: spec.peer.role ?? 'server', steps: spec.peer.steps ?? [] } } : {}),
    ...(spec.hal ? { hal: { board: path.resolve(suite.dir, spec.hal.board), trace: spec.hal.trace ?? [] } } : {}),
    ...(asComponent ? { asComponent } : {}),
    ...(spec.invoke !== undefined ? { invoke: spec.invoke } : {}),
    ...(spec.repeat !== undefined ? { repeat: spec.repeat } : {}),
    ...(spec.host_counts ? { hostCounts: { import: spec.host_counts.import, perCall: spec.host_counts.per_call } } : {}),
    ...(spec.socket_policy ? { socketPolicy: { addrPool: spec.socket_policy.addr_pool ?? [], allowResolve: spec.socket_policy.allow_resolve ?? [] } } : {}),
    expect: {
      exitCode: trap ? null : (spec.exit_code ?? 0),
      trap,
      stdout: spec.stdout,
      stderr: spec.stderr,
      tap: spec.tap ?? false,
    },
    timeoutMs: spec.timeout_ms ?? DEFAULT_TIMEOUT_MS,
    ...(spec.guest_memory_limit_bytes !== undefined ? { guestMemoryLimitBytes: spec.guest_memory_limit_bytes } : {}),
    requires,
    tags: spec.tags ?? [],
    description: spec.description,
  };
}

/** The tests of one suite folder: every spec JSON, plus every `.wasm` no spec names (run, expect exit 0). */
export async function loadSuite(folder: string, manifest?: Manifest): Promise<Suite> {
  const dir = path.resolve(folder); // module paths are compared resolved, so shared modules are recognised
  const m = manifest ?? { name: path.basename(dir), version: 'wasm32-wasip1' };
  const suite = { ...m, dir };
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort();
  const tests: TestCase[] = [];
  const claimed = new Set<string>();
  for (const file of entries.filter((f) => f.endsWith('.json') && f !== 'manifest.json')) {
    const test = await loadTest(suite, file.slice(0, -'.json'.length), path.join(dir, file), path.join(dir, file.replace(/\.json$/, '.wasm')));
    claimed.add(test.modulePath);
    tests.push(test);
  }
  for (const file of entries.filter((f) => f.endsWith('.wasm'))) {
    const modulePath = path.join(dir, file);
    if (!claimed.has(modulePath)) tests.push(await loadTest(suite, file.slice(0, -'.wasm'.length), null, modulePath));
  }
  tests.sort((a, b) => a.name.localeCompare(b.name));
  return { name: m.name, version: m.version ?? '', dir, tests };
}

/**
 * A suite of another suite's tests, each run as the component jco's P1 command adapter
 * makes of its module (docs/component-model.md): same specs, same expectations, so a
 * difference from the P1 verdict is the adapter's or the component host's. Such a test
 * needs `component` where the original needs `p1`.
 */
async function loadAdaptingSuite(dir: string, manifest: Manifest & { adapts: NonNullable<Manifest['adapts']> }): Promise<Suite> {
  const where = path.join(dir, 'manifest.json');
  const sourceDir = path.resolve(dir, manifest.adapts.suite);
  const sourceFile = path.join(sourceDir, 'manifest.json');
  let source: Manifest;
  try {
    source = validateManifest(await readJson(sourceFile), sourceFile);
  } catch (e) {
    if (e instanceof InputError && /cannot read/.test(e.message)) throw new InputError(where, `field "adapts.suite": no suite manifest at ${sourceFile}`);
    throw e;
  }
  if (source.adapts) throw new InputError(where, `field "adapts.suite": ${sourceDir} adapts a suite itself`);
  const original = await loadSuite(sourceDir, source);
  const tests = original.tests.map((t) => ({
    ...t,
    id: `${manifest.name}/${t.name}`,
    suite: manifest.name,
    asComponent: true,
    requires: [...new Set(t.requires.map((r) => (r === 'p1' ? impliedCapability(manifest.version ?? '') : r)))],
  }));
  return { name: manifest.name, version: manifest.version ?? '', dir, tests, adapts: { suite: original.name, adapter: commandAdapterPath() } };
}

/**
 * Every suite below `root`: each folder holding a `manifest.json` (the wasi-testsuite
 * layout). A folder with modules but no manifest anywhere is one suite named after it.
 */
export async function discoverSuites(folder: string): Promise<Suite[]> {
  const root = path.resolve(folder);
  let rootStat;
  try {
    rootStat = await stat(root);
  } catch {
    throw new InputError(root, 'test folder not found');
  }
  if (!rootStat.isDirectory()) throw new InputError(root, 'not a folder');

  const suites: Suite[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name === 'manifest.json')) {
      const file = path.join(dir, 'manifest.json');
      const manifest = validateManifest(await readJson(file), file);
      suites.push(manifest.adapts ? await loadAdaptingSuite(dir, { ...manifest, adapts: manifest.adapts }) : await loadSuite(dir, manifest));
      return;
    }
    for (const e of entries.filter((x) => x.isDirectory() && !x.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name))) {
      await walk(path.join(dir, e.name));
    }
  };
  await walk(root);
  if (suites.length === 0) {
    const hasModules = (await readdir(root)).some((f) => f.endsWith('.wasm'));
    if (!hasModules) throw new InputError(root, 'no manifest.json and no .wasm modules found');
    suites.push(await loadSuite(root));
  }
  const seen = new Map<string, string>();
  for (const s of suites) {
    const other = seen.get(s.name);
    if (other) throw new InputError(path.join(s.dir, 'manifest.json'), `suite name "${s.name}" is already used by ${other}`);
    seen.set(s.name, s.dir);
  }
  return suites;
}

export interface TestFilter {
  suites?: string[];
  grep?: RegExp;
}

/** `--suite sockets` names the suite `sockets` and every suite below it (`sockets/wamr`). */
export function inSuite(suite: string, name: string): boolean {
  return suite === name || suite.startsWith(`${name}/`);
}

export function filterTests(suites: Suite[], filter: TestFilter): TestCase[] {
  return suites
    .filter((s) => !filter.suites?.length || filter.suites.some((n) => inSuite(s.name, n)))
    .flatMap((s) => s.tests)
    .filter((t) => !filter.grep || filter.grep.test(t.id));
}
