;; Capability multi-memory: a second memory loads, and a store to it does not alias memory 0.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory $a (export "memory") 1)
  (memory $b 1)
  (func (export "_start")
    (i32.store $b (i32.const 0) (i32.const 42))
    (call $exit (i32.or
      (i32.ne (i32.load $b (i32.const 0)) (i32.const 42))
      (i32.ne (i32.load $a (i32.const 0)) (i32.const 0))))))
