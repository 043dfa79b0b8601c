import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A suite's identity is the hash of its guest modules. Each suite folder carries
 * `modules.sha256` in `sha256sum` format, written by `npm run build:guests`, so anyone
 * can check a copy with `sha256sum -c modules.sha256`; certification refuses to run a
 * suite whose modules differ from it.
 */
export const HASHES_FILE = 'modules.sha256';

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Suite folders below a root: those holding a manifest.json. */
export function suiteFolders(root: string): string[] {
  if (existsSync(path.join(root, 'manifest.json'))) return [root];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => suiteFolders(path.join(root, e.name)));
}

/** What a suite is made of: its modules, and the WIT worlds some of them declare beside them. */
const isIdentityFile = (f: string) => f.endsWith('.wasm') || f.endsWith('.wit');

export function renderModuleHashes(dir: string): string {
  return readdirSync(dir)
    .filter(isIdentityFile)
    .sort()
    .map((f) => `${sha256(path.join(dir, f))}  ${f}\n`)
    .join('');
}

/** Every way the modules in `dir` differ from its modules.sha256, one sentence each. */
export function suiteHashProblems(dir: string): string[] {
  const file = path.join(dir, HASHES_FILE);
  if (!existsSync(file)) return [`${file} is missing`];
  const listed = new Map(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(66), l.slice(0, 64)] as const),
  );
  const present = readdirSync(dir).filter(isIdentityFile);
  const problems: string[] = [];
  for (const f of present) {
    const want = listed.get(f);
    if (!want) problems.push(`${path.join(dir, f)} is not listed in ${HASHES_FILE}`);
    else if (want !== sha256(path.join(dir, f))) problems.push(`${path.join(dir, f)} differs from its sha256 in ${HASHES_FILE} (the suite was modified)`);
  }
  for (const f of listed.keys()) if (!present.includes(f)) problems.push(`${path.join(dir, f)} is listed in ${HASHES_FILE} but missing`);
  return problems;
}
