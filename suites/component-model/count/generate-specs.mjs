#!/usr/bin/env node
// Writes every spec of the component-model/count suite: for each (op, size) one spec that
// runs count-cm.wasm (the component path, direct WASI 0.2.12 imports) and one that runs
// count-p1.wasm (WASI preview 1, as a core module). Run from anywhere: node generate-specs.mjs
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SIZES = [0, 1, 64, 1024, 4096, 65536];
// blocking-write-and-flush takes at most 4096 bytes: a logical write of more is this many import calls of 4096
const PIECE = 4096;

// Per op: what it does on each path, the import the cm loop calls, and whether the host
// lowers a list<u8> result (one cabi_realloc of `size` bytes per call, even an empty one:
// the reference's rule) or lifts the guest's bytes out (no realloc).
const OPS = [
  { op: 'stdout-write', dir: 'out', cm: 'output-stream.blocking-write-and-flush on get-stdout', p1: 'fd_write(1)', import: 'wasi:io/streams#[method]output-stream.blocking-write-and-flush', pieces: true },
  { op: 'file-write', dir: 'out', cm: 'descriptor.write(buffer, 0)', p1: 'fd_pwrite(offset 0)', import: 'wasi:filesystem/types#[method]descriptor.write' },
  { op: 'file-read', dir: 'in', cm: 'descriptor.read(size, 0)', p1: 'fd_pread(offset 0)', import: 'wasi:filesystem/types#[method]descriptor.read' },
  { op: 'stream-write', dir: 'out', cm: 'output-stream.blocking-write-and-flush on write-via-stream(0)', p1: 'fd_write on the file', import: 'wasi:io/streams#[method]output-stream.blocking-write-and-flush', pieces: true },
  { op: 'stream-read', dir: 'in', cm: 'input-stream.blocking-read(size) on read-via-stream(0)', p1: 'fd_read on the file', import: 'wasi:io/streams#[method]input-stream.blocking-read' },
  { op: 'random', dir: 'in', cm: 'random.get-random-bytes(size)', p1: 'random_get', import: 'wasi:random/random#get-random-bytes' },
  { op: 'clock', dir: 'none', cm: 'monotonic-clock.now()', p1: 'clock_time_get(monotonic)', import: 'wasi:clocks/monotonic-clock#now', sizes: [0] },
];

// stdout-write must not print more than 1 MiB in all: 64 KiB × 15 calls (960 KiB plus the TAP lines)
const callsFor = (op, size) => (op === 'stdout-write' && size === 65536 ? 15 : 64);

for (const f of readdirSync(here)) if (/^[a-z-]+-\d+-(cm|p1)\.json$/.test(f)) unlinkSync(path.join(here, f));

let count = 0;
for (const o of OPS) {
  for (const size of o.sizes ?? SIZES) {
    const calls = callsFor(o.op, size);
    const reallocs = o.dir === 'in' ? 1 : 0;
    const reallocBytes = o.dir === 'in' ? size : 0;
    const perImport = o.pieces ? Math.min(size, PIECE) : size;
    const importNote = o.pieces && size > PIECE ? ` (each logical call is ${size / PIECE} import calls of ${PIECE} bytes)` : '';
    const args = [o.op, String(size), String(calls), String(reallocs), String(reallocBytes)];
    const common = { root: 'fixtures/scratch', tap: true, tags: ['count', o.op] };
    const what = o.op === 'clock' ? '' : ` of ${size} bytes`;
    const cm = {
      description:
        `component path: ${calls} × ${o.cm}${what}${importNote}, each must succeed and move exactly the size; ` +
        `the guest's cabi_realloc must see ${reallocs} call(s) of ${reallocBytes} bytes per call in the loop, old_ptr 0, power-of-two alignment; ` +
        `prints per-call ns (median, p99, max) on a '# count' line`,
      module: 'count-cm.wasm',
      args,
      ...common,
      host_counts: {
        import: o.import,
        per_call: {
          reallocs,
          realloc_bytes: reallocBytes,
          copied_in: o.dir === 'in' ? size : 0,
          copied_out: o.dir === 'out' ? perImport : 0,
        },
      },
    };
    const p1 = {
      description: `P1 path, the baseline of ${o.op}-${size}-cm: ${calls} × ${o.p1}${what}, each must succeed and move exactly the size; prints per-call ns (median, p99, max) on a '# count' line`,
      module: 'count-p1.wasm',
      component: false,
      args,
      ...common,
    };
    for (const [suffix, spec] of [['cm', cm], ['p1', p1]]) {
      writeFileSync(path.join(here, `${o.op}-${size}-${suffix}.json`), JSON.stringify(spec, null, 2) + '\n');
      count++;
    }
  }
}
console.log(`generate-specs: wrote ${count} specs`);
