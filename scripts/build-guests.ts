import { execFileSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Builds every guest source (.wat, .c) below suites/, test/fixtures/ and adapters/probes/ into the .wasm
 * beside it. The .wasm files are committed, so users need no toolchain; `--check`
 * rebuilds into a scratch folder and fails if any byte differs from what is committed,
 * because a suite's identity is the hash of its modules.
 */
import { HASHES_FILE, renderModuleHashes, suiteFolders } from '../certification/suite-hashes.ts';

const ROOTS = ['suites', 'test/fixtures', 'adapters/probes'];
const C_FLAGS = ['--target=wasm32-wasi', '-O2', '-Wall', '-Werror', '-nostdlibinc', '-isystem', '/usr/include/wasm32-wasi', '-Isuites/lib', '-Wl,--strip-all'];
const EXTRA_FLAGS = /^\/\/\s*wasmcert-cflags:(.*)$/m;

function sources(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'lib' ? [] : sources(p);
    return /\.(wat|c)$/.test(e.name) ? [p] : [];
  });
}

/**
 * clang's WebAssembly driver runs `wasm-opt` on an optimised link whenever one is on PATH,
 * and `npm run` puts node_modules/.bin on PATH, where jco's binaryen dependency installs
 * one: the same source then builds to other bytes under `npm run` than from a shell. The
 * guests' identity is their bytes, so clang is given a PATH without any folder that holds
 * a wasm-opt.
 */
function pathWithoutWasmOpt(): string {
  const hasWasmOpt = (dir: string) => {
    try {
      accessSync(path.join(dir, 'wasm-opt'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  return (process.env.PATH ?? '').split(path.delimiter).filter((d) => d && !hasWasmOpt(d)).join(path.delimiter);
}

const CLANG_ENV = { ...process.env, PATH: pathWithoutWasmOpt() };

/** clang-19 found on the user's own PATH (the filtered one may have lost its folder). */
function clangPath(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    try {
      accessSync(path.join(dir, 'clang-19'), constants.X_OK);
      return path.join(dir, 'clang-19');
    } catch {
      // not here
    }
  }
  return 'clang-19';
}

function build(src: string, out: string): void {
  if (src.endsWith('.wat')) {
    execFileSync('wat2wasm', ['--enable-multi-memory', src, '-o', out], { stdio: ['ignore', 'inherit', 'inherit'] });
    return;
  }
  const extra = readFileSync(src, 'utf8').match(EXTRA_FLAGS)?.[1]?.trim().split(/\s+/) ?? [];
  execFileSync(clangPath(), [...C_FLAGS, ...extra, '-o', out, src], { stdio: ['ignore', 'inherit', 'inherit'], env: CLANG_ENV });
}

function requireTool(tool: string): void {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
  } catch {
    process.stderr.write(`build-guests: ${tool} not found (install Debian packages: clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 wabt)\n`);
    process.exit(2);
  }
}

export function main(argv: string[]): number {
  const check = argv.includes('--check');
  const all = ROOTS.flatMap(sources).sort();
  if (all.some((s) => s.endsWith('.wat'))) requireTool('wat2wasm');
  if (all.some((s) => s.endsWith('.c'))) requireTool('clang-19');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'wasmcert-guests-'));
  const stale: string[] = [];
  try {
    for (const src of all) {
      const target = src.replace(/\.(wat|c)$/, '.wasm');
      const fresh = path.join(scratch, target.replaceAll('/', '__'));
      build(src, fresh);
      let committed: Buffer | undefined;
      try {
        committed = readFileSync(target);
      } catch {
        committed = undefined;
      }
      const bytes = readFileSync(fresh);
      if (committed?.equals(bytes)) continue;
      stale.push(target);
      if (!check) copyFileSync(fresh, target);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  // each suite's identity: the hashes of its modules, as sha256sum writes them
  for (const dir of suiteFolders('suites')) {
    const file = path.join(dir, HASHES_FILE);
    const want = renderModuleHashes(dir);
    if (existsSync(file) && readFileSync(file, 'utf8') === want) continue;
    stale.push(file);
    if (!check) writeFileSync(file, want);
  }
  if (check) {
    for (const t of stale) process.stderr.write(`build-guests: ${t} differs from a fresh build of its source\n`);
    process.stdout.write(`build-guests: ${all.length} guests checked, ${stale.length} stale\n`);
    return stale.length ? 1 : 0;
  }
  process.stdout.write(`build-guests: ${all.length} guests, ${stale.length} rebuilt\n`);
  return 0;
}
