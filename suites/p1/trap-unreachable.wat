;; Writes "before\n", then executes `unreachable`: the run must end in a trap, and the
;; output written before it must be kept. "after\n" must never appear.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (data (i32.const 32) "after\n")
  (func $say (param $at i32) (param $len i32)
    (i32.store (i32.const 64) (local.get $at))
    (i32.store (i32.const 68) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 96))))
  (func (export "_start")
    (call $say (i32.const 16) (i32.const 7))
    unreachable
    (call $say (i32.const 32) (i32.const 6))))
