/**
 * The WIT world of a core module that calls WASI 0.2 itself, with a hand-written
 * canonical ABI (suites/component-model/: the count and ABI guests), next to the P1
 * calls its libc makes. wit-component needs the world named to lift those imports; it is
 * made from the module's own imports, one `import` per interface it uses, over the WASI
 * 0.2.12 packages jco ships (the version of its P1 adapter, so the two merge into one).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { functionImports } from '../host/sockets/wasm-imports.ts';

export const DIRECT_VERSION = '0.2.12';
export const DIRECT_WORLD = 'direct';
const INTERFACE = new RegExp(`^wasi:[a-z][a-z0-9-]*/[a-z][a-z0-9-]*@${DIRECT_VERSION.replaceAll('.', '\\.')}$`);

/** jco's WASI 0.2.12 WIT packages, each as a nested `package … { … }` block. */
let packages: string | undefined;
function wasiPackages(): string {
  if (packages !== undefined) return packages;
  const api = createRequire(import.meta.url).resolve('@bytecodealliance/jco');
  const dir = path.join(path.dirname(api), '../lib/wit/builtin', DIRECT_VERSION);
  let text = '';
  for (const pkg of readdirSync(dir).sort()) {
    const wit = readFileSync(path.join(dir, pkg, 'package.wit'), 'utf8');
    const header = wit.match(/^package ([^;\s]+);$/m);
    if (!header) throw new Error(`${path.join(dir, pkg, 'package.wit')} has no \`package …;\` line`);
    text += `\npackage ${header[1]} {\n${wit.replace(header[0], '')}\n}\n`;
  }
  return (packages = text);
}

/** The interfaces of WASI 0.2.12 the module imports directly (sorted), or [] for a plain P1 module. */
export function directInterfaces(modulePath: string): string[] {
  let imports;
  try {
    imports = functionImports(modulePath);
  } catch {
    return [];
  }
  return [...new Set(imports.map((i) => i.module).filter((m) => INTERFACE.test(m)))].sort();
}

/**
 * A module with a `.wit` file beside it (`exports.wasm` + `exports.wit`) declares its own
 * world there, exports included: the one world of that file, over jco's WASI packages so
 * that it may import them too. Undefined when there is no such file.
 */
export function besideWorld(modulePath: string): { wit: string; world: string } | undefined {
  const file = modulePath.replace(/\.wasm$/, '.wit');
  if (file === modulePath || !existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const worlds = [...text.matchAll(/^\s*world\s+([a-z][a-z0-9-]*)\s*\{/gm)].map((m) => m[1]!);
  if (worlds.length !== 1) throw new Error(`${file}: declares ${worlds.length} worlds; exactly one is needed`);
  return { wit: `${text}\n${wasiPackages()}`, world: worlds[0]! };
}

/** The WIT source of the module's direct world, or '' when it imports no WASI 0.2.12 interface. */
export function directWitSource(modulePath: string): string {
  const interfaces = directInterfaces(modulePath);
  if (!interfaces.length) return '';
  return `package wasmcert:direct;\n\nworld ${DIRECT_WORLD} {\n${interfaces.map((i) => `  import ${i};\n`).join('')}}\n${wasiPackages()}`;
}
