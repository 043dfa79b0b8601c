/**
 * A run-time loader for side modules on the in-process host (docs/core-features.md), after
 * the tool-conventions DynamicLinking convention: a side module carries a `dylink.0`
 * section, imports `env.memory`, `env.__indirect_function_table`, `env.__memory_base`,
 * `env.__table_base` (and `env.__stack_pointer` if it uses the stack), reaches data through
 * `GOT.mem` globals and function addresses through `GOT.func` globals. The main module (a
 * P1 command exporting its memory and a growable `__indirect_function_table`) calls:
 *
 *   load(name_ptr, name_len) -> handle (> 0) or a negative error
 *   sym(handle, name_ptr, name_len) -> table index of a function, address of data, or -1
 *   last-error(buf_ptr, buf_len) -> length of the last error message (copied, truncated)
 *
 * Side modules are files beside the main module (a relative name, no `..`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GuestRun } from '../../types.ts';
import { functionImports } from '../sockets/wasm-imports.ts';
import { readDylink } from './dylink-section.ts';

export const DYLINK_MODULE = 'wasmcert:dylink/loader@0.1.0';

export const DYLINK_ERR = { notFound: -1, invalid: -2, unresolved: -3, noRoom: -4 } as const;

const PAGE = 65536;
/** The stack a side module gets when the main module does not export `__stack_pointer`. */
const SIDE_STACK_BYTES = 16 * 1024;

type Imports = Record<string, Record<string, unknown>>;

class DylinkError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

interface Loaded {
  name: string;
  exports: WebAssembly.Exports;
  memoryBase: number;
}

export function wantsDylink(modulePath: string): boolean {
  return functionImports(modulePath).some((f) => f.module === DYLINK_MODULE);
}

export interface DylinkLayer {
  install(imports: Imports, memory: () => WebAssembly.Memory | undefined, exports: () => WebAssembly.Exports | undefined): void;
}

/** null when the module does not import the loader. */
export function prepareDylink(run: GuestRun): DylinkLayer | null {
  if (!wantsDylink(run.modulePath)) return null;
  const dir = path.dirname(path.resolve(run.modulePath));
  return {
    install(imports, memory, exports) {
      const loader = new Loader(dir, imports, memory, exports);
      imports[DYLINK_MODULE] = {
        load: (ptr: number, len: number) => loader.guard(() => loader.load(loader.str(ptr, len))),
        sym: (handle: number, ptr: number, len: number) => loader.guard(() => loader.sym(handle, loader.str(ptr, len))),
        'last-error': (ptr: number, len: number) => loader.lastError(ptr, len),
      };
    },
  };
}

class Loader {
  private readonly loaded: Loaded[] = [];
  private readonly byName = new Map<string, number>();
  private readonly tableSlots = new Map<unknown, number>();
  private error = '';
  private sideStack: WebAssembly.Global | null = null;

  constructor(
    private readonly dir: string,
    private readonly hostImports: Imports,
    private readonly memory: () => WebAssembly.Memory | undefined,
    private readonly mainExports: () => WebAssembly.Exports | undefined,
  ) {}

  guard(f: () => number): number {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof DylinkError)) throw e;
      this.error = e.message;
      return e.code;
    }
  }

  private mem(): WebAssembly.Memory {
    const m = this.memory();
    if (!m) throw new DylinkError(DYLINK_ERR.invalid, 'the main module exports no memory');
    return m;
  }

  private table(): WebAssembly.Table {
    const t = this.mainExports()?.__indirect_function_table;
    if (!(t instanceof WebAssembly.Table)) {
      throw new DylinkError(DYLINK_ERR.invalid, 'the main module exports no __indirect_function_table (link it with --export-table)');
    }
    return t;
  }

  str(ptr: number, len: number): string {
    const buf = this.mem().buffer;
    if (ptr < 0 || len < 0 || ptr + len > buf.byteLength) throw new DylinkError(DYLINK_ERR.invalid, 'name out of bounds');
    return new TextDecoder().decode(new Uint8Array(buf, ptr, len));
  }

  lastError(ptr: number, len: number): number {
    const bytes = new TextEncoder().encode(this.error);
    const buf = this.memory()?.buffer;
    if (buf && ptr >= 0 && len > 0 && ptr + len <= buf.byteLength) new Uint8Array(buf, ptr, len).set(bytes.subarray(0, len));
    return bytes.length;
  }

  load(name: string): number {
    const have = this.byName.get(name);
    if (have !== undefined) return have;
    if (!/\.wasm$/.test(name) || path.isAbsolute(name) || name.split(/[\\/]/).includes('..')) {
      throw new DylinkError(DYLINK_ERR.notFound, `"${name}": a side module is named by a relative .wasm path with no ..`);
    }
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path.join(this.dir, name));
    } catch {
      throw new DylinkError(DYLINK_ERR.notFound, `"${name}": no such side module`);
    }
    let info;
    let module: WebAssembly.Module;
    try {
      info = readDylink(bytes);
      module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    } catch (e) {
      throw new DylinkError(DYLINK_ERR.invalid, `"${name}": ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!info) throw new DylinkError(DYLINK_ERR.invalid, `"${name}": not a side module (no dylink.0 section first)`);
    for (const needed of info.needed) this.load(needed);

    const own = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
    // every symbol must resolve before anything is allocated or instantiated
    const unresolved = WebAssembly.Module.imports(module).filter((i) => {
      if (i.module === 'GOT.mem' || i.module === 'GOT.func') return !own.has(i.name) && this.find(i.name) === undefined;
      if (i.module === 'env') {
        if (['memory', '__indirect_function_table', '__memory_base', '__table_base', '__stack_pointer'].includes(i.name)) return false;
        return typeof this.find(i.name) !== 'function';
      }
      return this.hostImports[i.module]?.[i.name] === undefined;
    });
    if (unresolved.length) {
      throw new DylinkError(DYLINK_ERR.unresolved, `"${name}": unresolved symbol${unresolved.length > 1 ? 's' : ''} ${unresolved.map((i) => `${i.module}.${i.name}`).join(', ')}`);
    }

    const memoryBase = this.allocate(info.memSize, 2 ** info.memAlign);
    const table = this.table();
    const tableBase = table.length;
    this.growTable(table, info.tableSize);
    const got = new Map<string, { module: string; global: WebAssembly.Global }>();
    const env: Record<string, unknown> = {
      memory: this.mem(),
      __indirect_function_table: table,
      __memory_base: new WebAssembly.Global({ value: 'i32', mutable: false }, memoryBase),
      __table_base: new WebAssembly.Global({ value: 'i32', mutable: false }, tableBase),
    };
    const linkImports: Imports = { env, 'GOT.mem': {}, 'GOT.func': {} };
    for (const i of WebAssembly.Module.imports(module)) {
      if (i.module === 'GOT.mem' || i.module === 'GOT.func') {
        const global = new WebAssembly.Global({ value: 'i32', mutable: true }, 0);
        got.set(`${i.module}.${i.name}`, { module: i.module, global });
        linkImports[i.module]![i.name] = global;
      } else if (i.module === 'env' && i.name === '__stack_pointer') {
        env.__stack_pointer = this.stackPointer();
      } else if (i.module === 'env' && !(i.name in env)) {
        env[i.name] = this.find(i.name);
      } else if (i.module !== 'env') {
        (linkImports[i.module] ??= {})[i.name] = this.hostImports[i.module]![i.name];
      }
    }
    let instance: WebAssembly.Instance;
    try {
      instance = new WebAssembly.Instance(module, linkImports as WebAssembly.Imports);
    } catch (e) {
      if (e instanceof WebAssembly.LinkError) throw new DylinkError(DYLINK_ERR.invalid, `"${name}": ${e.message}`);
      throw e;
    }
    const loaded: Loaded = { name, exports: instance.exports, memoryBase };
    for (const [key, { module: kind, global }] of got) {
      const sym = key.slice(kind.length + 1);
      const value = own.has(sym) ? this.address(loaded, sym) : this.resolveGlobal(sym, kind);
      global.value = value;
    }
    // relocations first, then constructors (DynamicLinking.md)
    (instance.exports.__wasm_apply_data_relocs as (() => void) | undefined)?.();
    (instance.exports.__wasm_call_ctors as (() => void) | undefined)?.();
    this.loaded.push(loaded);
    const handle = this.loaded.length;
    this.byName.set(name, handle);
    return handle;
  }

  sym(handle: number, name: string): number {
    const lib = this.loaded[handle - 1];
    if (!lib) throw new DylinkError(-1, `no side module has handle ${handle}`);
    if (!(name in lib.exports) || name.startsWith('__wasm_')) throw new DylinkError(-1, `symbol "${name}" not found in "${lib.name}"`);
    return this.address(lib, name);
  }

  /** A symbol of a loaded module: a function's table index, or data's address. */
  private address(lib: Loaded, name: string): number {
    const e = lib.exports[name];
    if (typeof e === 'function') return this.slot(e);
    if (e instanceof WebAssembly.Global) return (lib.memoryBase + Number(e.value)) >>> 0;
    throw new DylinkError(-1, `symbol "${name}" in "${lib.name}" is neither a function nor data`);
  }

  /** The main module first (its addresses are absolute), then loaded side modules in load order. */
  private find(name: string): unknown {
    const main = this.mainExports()?.[name];
    if (main !== undefined) return main;
    for (const lib of this.loaded) if (name in lib.exports) return lib.exports[name];
    return undefined;
  }

  private resolveGlobal(name: string, kind: string): number {
    const main = this.mainExports()?.[name];
    if (typeof main === 'function') return this.slot(main);
    if (main instanceof WebAssembly.Global) return Number(main.value) >>> 0;
    for (const lib of this.loaded) if (name in lib.exports) return this.address(lib, name);
    throw new DylinkError(DYLINK_ERR.unresolved, `unresolved symbol ${kind}.${name}`);
  }

  private slot(f: unknown): number {
    const have = this.tableSlots.get(f);
    if (have !== undefined) return have;
    const table = this.table();
    const index = table.length;
    this.growTable(table, 1);
    table.set(index, f as never);
    this.tableSlots.set(f, index);
    return index;
  }

  private growTable(table: WebAssembly.Table, n: number): void {
    if (n === 0) return;
    try {
      table.grow(n);
    } catch {
      throw new DylinkError(DYLINK_ERR.noRoom, `the main module's table cannot grow by ${n} (link it with --growable-table)`);
    }
  }

  /** Fresh pages at the end of linear memory: nothing the guest's allocator owns. */
  private allocate(size: number, align: number): number {
    if (size === 0) return 0;
    const memory = this.mem();
    const pages = Math.ceil((size + align) / PAGE);
    let old: number;
    try {
      old = memory.grow(pages);
    } catch {
      throw new DylinkError(DYLINK_ERR.noRoom, `memory cannot grow by ${pages} pages for a side module`);
    }
    const start = old * PAGE;
    return Math.ceil(start / align) * align;
  }

  private stackPointer(): WebAssembly.Global {
    const main = this.mainExports()?.__stack_pointer;
    if (main instanceof WebAssembly.Global) return main;
    if (!this.sideStack) {
      const base = this.allocate(SIDE_STACK_BYTES, 16);
      this.sideStack = new WebAssembly.Global({ value: 'i32', mutable: true }, base + SIDE_STACK_BYTES);
    }
    return this.sideStack;
  }
}
