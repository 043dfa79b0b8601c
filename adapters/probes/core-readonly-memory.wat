;; Capability core.readonly-memory: the runtime offers wasmcert:memory/readonly@0.1.0
;; (no standard exists; docs/core-features.md) and protecting a page succeeds.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasmcert:memory/readonly@0.1.0" "protect" (func $protect (param i32 i32) (result i32)))
  (memory (export "memory") 2)
  (func (export "_start")
    (call $exit (call $protect (i32.const 65536) (i32.const 65536)))))
