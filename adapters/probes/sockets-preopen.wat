;; Capability sockets.preopen: the runtime pre-opened the TCP listener it was asked for, so
;; one of fds 3..31 is a stream socket (Wasmtime puts it before the folders, wazero after).
(module
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fdstat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $fd i32)
    (local.set $fd (i32.const 3))
    (loop $scan
      ;; filetype is the first byte of fdstat; 6 = socket_stream
      (if (i32.eqz (call $fdstat (local.get $fd) (i32.const 64)))
        (then (if (i32.eq (i32.load8_u (i32.const 64)) (i32.const 6)) (then (call $exit (i32.const 0))))))
      (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
      (br_if $scan (i32.lt_u (local.get $fd) (i32.const 32))))
    (call $exit (i32.const 1))))
