;; fd_write to stderr (fd 2) with three iovecs, the middle one empty: the runtime must
;; gather them in order to stderr only and report every byte in nwritten.
;; Exit codes: 0 ok, 2 fd_write failed, 3 nwritten wrong.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "error: \c3\bcn\c3\afc\c3\b6d\c3\a9 \e2\9c\93\n")  ;; "error: ünïcödé ✓\n", 23 bytes
  (data (i32.const 64) "second line\n")                                   ;; 12 bytes
  (func (export "_start")
    ;; ciovecs at 128: {16, 23}, {40, 0}, {64, 12}
    (i32.store (i32.const 128) (i32.const 16))
    (i32.store (i32.const 132) (i32.const 23))
    (i32.store (i32.const 136) (i32.const 40))
    (i32.store (i32.const 140) (i32.const 0))
    (i32.store (i32.const 144) (i32.const 64))
    (i32.store (i32.const 148) (i32.const 12))
    (if (call $fd_write (i32.const 2) (i32.const 128) (i32.const 3) (i32.const 192))
      (then (call $proc_exit (i32.const 2))))
    (if (i32.ne (i32.load (i32.const 192)) (i32.const 35))
      (then (call $proc_exit (i32.const 3))))))
