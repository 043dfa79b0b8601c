// The pool worker as one ESM file: runners/worker.ts and everything it imports, bundled
// with esbuild (a dependency of ours, the same version tsx uses) and cached under node_modules/.cache/wasmcert/
// Loading it takes ~50 ms; loading the same sources through tsx took ~450 ms in every
// worker. Plain JS on purpose: it runs before (and instead of) tsx.
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = path.join(ROOT, 'runners/worker.ts');
export const BUNDLE = path.join(ROOT, 'node_modules/.cache/wasmcert/worker.mjs');
const SELF = fileURLToPath(import.meta.url);
/** First line of the bundle: `// wasmcert-bundle {json}`, what it was built from. */
const MARK = '// wasmcert-bundle ';

/** `[mtimeMs, size]` of a file, or null when it is gone. */
function stamp(file) {
  try {
    const st = statSync(file);
    return [st.mtimeMs, st.size];
  } catch {
    return null;
  }
}

/** What the bundle at BUNDLE was built from, or null when there is none (or it is unreadable). */
function readManifest() {
  let fd;
  try {
    fd = openSync(BUNDLE, 'r');
  } catch {
    return null;
  }
  try {
    const head = Buffer.alloc(64 * 1024);
    const n = readSync(fd, head, 0, head.length, 0);
    const text = head.toString('utf8', 0, n);
    const nl = text.indexOf('\n');
    if (!text.startsWith(MARK) || nl < 0) return null;
    return JSON.parse(text.slice(MARK.length, nl));
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The bundle is current when every file it was built from (and this builder) is unchanged. */
export function bundleIsFresh(manifest = readManifest()) {
  if (!manifest || typeof manifest.inputs !== 'object') return false;
  const files = Object.entries(manifest.inputs);
  if (!files.some(([f]) => f === SELF)) return false;
  return files.every(([file, was]) => {
    const now = stamp(file);
    return now !== null && now[0] === was[0] && now[1] === was[1];
  });
}

/**
 * Each source file is loaded here, not by esbuild, for two reasons: its stamp is taken
 * before it is read (a file edited during the build reads as stale next time), and
 * `import.meta.url` keeps meaning the source file, not the bundle (adapters/paths.ts
 * finds the package root with it).
 */
function sourcesPlugin(inputs) {
  return {
    name: 'wasmcert-sources',
    setup(build) {
      build.onLoad({ filter: /\.([cm]?[jt]s|json)$/ }, (args) => {
        if (args.path.split(path.sep).includes('node_modules')) return undefined;
        const st = stamp(args.path);
        if (!st) return undefined;
        inputs[args.path] = st;
        let text = readFileSync(args.path, 'utf8');
        const url = pathToFileURL(args.path).href;
        text = text
          .replace(/\bimport\.meta\.url\b/g, JSON.stringify(url))
          .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path))
          .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(path.dirname(args.path)));
        if (/\bimport\.meta\b/.test(text)) throw new Error(`${path.relative(ROOT, args.path)} uses import.meta beyond url, filename and dirname`);
        const ext = path.extname(args.path);
        return { contents: text, loader: ext === '.json' ? 'json' : ext.endsWith('ts') ? 'ts' : 'js' };
      });
    },
  };
}

/** Builds the bundle and replaces the cached one in a single rename. */
export async function buildBundle() {
  const esbuild = await import('esbuild');
  const inputs = { [SELF]: stamp(SELF) };
  try {
    const result = await esbuild.build({
      entryPoints: [ENTRY],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      packages: 'external',
      write: false,
      logLevel: 'silent',
      absWorkingDir: ROOT,
      outfile: BUNDLE,
      plugins: [sourcesPlugin(inputs)],
    });
    const code = result.outputFiles[0].text;
    mkdirSync(path.dirname(BUNDLE), { recursive: true });
    const tmp = `${BUNDLE}.${process.pid}.${threadId}.tmp`;
    writeFileSync(tmp, `${MARK}${JSON.stringify({ esbuild: esbuild.version, inputs })}\n${code}`);
    renameSync(tmp, BUNDLE);
  } finally {
    await esbuild.stop?.();
  }
}

/**
 * The worker module from the bundle, built first when missing or stale; null when it
 * cannot be had (no esbuild, a read-only install, a build error, WASMCERT_WORKER_BUNDLE=0),
 * with the reason, so the caller falls back to tsx.
 */
export async function loadWorkerBundle() {
  if (process.env.WASMCERT_WORKER_BUNDLE === '0') return { module: null, reason: 'disabled by WASMCERT_WORKER_BUNDLE=0' };
  try {
    if (!bundleIsFresh()) await buildBundle();
    return { module: await import(pathToFileURL(BUNDLE).href), reason: null };
  } catch (e) {
    rmSync(`${BUNDLE}.${process.pid}.${threadId}.tmp`, { force: true });
    return { module: null, reason: e?.message ?? String(e) };
  }
}
