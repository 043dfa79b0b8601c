;; Capability limit.guest-memory: run with a guest memory limit of 2 pages (128 KiB), a
;; memory declared without a maximum grows to the limit and no further. A runtime that
;; is given no limit (or ignores it) lets the second grow succeed.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $exit (i32.or
      (i32.ne (memory.grow (i32.const 1)) (i32.const 1))
      (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))))
