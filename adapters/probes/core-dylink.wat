;; Capability core.dynamic-loading: the host loader wasmcert:dylink/loader@0.1.0 loads the
;; side module core-dylink-side.wasm (dylink.0, built -fPIC -shared), resolves a function
;; to a table slot, and a call through it returns the side module's result.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasmcert:dylink/loader@0.1.0" "load" (func $load (param i32 i32) (result i32)))
  (import "wasmcert:dylink/loader@0.1.0" "sym" (func $sym (param i32 i32 i32) (result i32)))
  (type $ii_i (func (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (table (export "__indirect_function_table") 1 funcref)
  (data (i32.const 16) "core-dylink-side.wasm")
  (data (i32.const 48) "probe_add")
  (func (export "_start") (local $h i32) (local $f i32)
    (local.set $h (call $load (i32.const 16) (i32.const 21)))
    (if (i32.le_s (local.get $h) (i32.const 0)) (then (call $exit (i32.const 1))))
    (local.set $f (call $sym (local.get $h) (i32.const 48) (i32.const 9)))
    (if (i32.lt_s (local.get $f) (i32.const 0)) (then (call $exit (i32.const 2))))
    (call $exit (i32.ne (call_indirect (type $ii_i) (i32.const 2) (i32.const 3) (local.get $f)) (i32.const 5)))))
