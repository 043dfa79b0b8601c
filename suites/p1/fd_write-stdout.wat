;; fd_write to stdout with two iovecs: the runtime must gather them in order.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello, ")
  (data (i32.const 32) "wasi\n")
  (func (export "_start")
    ;; iovecs at 64: {16, 7}, {32, 5}
    (i32.store (i32.const 64) (i32.const 16))
    (i32.store (i32.const 68) (i32.const 7))
    (i32.store (i32.const 72) (i32.const 32))
    (i32.store (i32.const 76) (i32.const 5))
    (if (call $fd_write (i32.const 1) (i32.const 64) (i32.const 2) (i32.const 96))
      (then (call $proc_exit (i32.const 2))))
    ;; nwritten must report both buffers
    (if (i32.ne (i32.load (i32.const 96)) (i32.const 12))
      (then (call $proc_exit (i32.const 3))))))
