;; Read-only memory: no standard exists (docs/core-features.md). This test states the
;; behaviour firmware wants through wasmcert's interface wasmcert:memory/readonly@0.1.0:
;; protect(addr, len) -> errno makes a page-aligned range of memory 0 read-only; loads
;; from it still work, and a store into it traps. No runtime offers it today: the test
;; is skipped everywhere until one does.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasmcert:memory/readonly@0.1.0" "protect" (func $protect (param i32 i32) (result i32)))
  (memory (export "memory") 2)
  (func (export "_start")
    (i32.store (i32.const 65540) (i32.const 1234))
    (if (call $protect (i32.const 65536) (i32.const 65536)) (then (call $exit (i32.const 1))))
    (if (i32.ne (i32.load (i32.const 65540)) (i32.const 1234)) (then (call $exit (i32.const 2))))
    ;; memory outside the range stays writable
    (i32.store (i32.const 16) (i32.const 1))
    (i32.store (i32.const 65540) (i32.const 0))
    (call $exit (i32.const 3))))
