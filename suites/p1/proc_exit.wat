;; proc_exit with the code given as argv[1] (decimal). It first echoes argv[1] and a
;; newline to stdout, so the spec also checks output written before proc_exit is kept.
;; Code after proc_exit is `unreachable`: a proc_exit that returns makes the guest trap.
;; Exit codes on harness trouble: 100 (bad argc), 101 (bad digit), 102 (fd_write failed).
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; 0: argc, 4: buf size, 16: argv[] (up to 16 pointers), 128: ciovecs, 160: nwritten,
  ;; 176: "\n", 1024: argv buffer
  (data (i32.const 176) "\n")
  (func (export "_start")
    (local $p i32) (local $end i32) (local $c i32) (local $code i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (if (i32.or (i32.ne (i32.load (i32.const 0)) (i32.const 2))
                (i32.gt_u (i32.load (i32.const 4)) (i32.const 60000)))
      (then (call $proc_exit (i32.const 100))))
    (drop (call $args_get (i32.const 16) (i32.const 1024)))
    ;; parse argv[1]
    (local.set $p (i32.load (i32.const 20)))
    (local.set $end (local.get $p))
    (block $done
      (loop $scan
        (local.set $c (i32.load8_u (local.get $end)))
        (br_if $done (i32.eqz (local.get $c)))
        (if (i32.gt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9))
          (then (call $proc_exit (i32.const 101))))
        (local.set $code (i32.add (i32.mul (local.get $code) (i32.const 10)) (i32.sub (local.get $c) (i32.const 48))))
        (local.set $end (i32.add (local.get $end) (i32.const 1)))
        (br $scan)))
    ;; echo argv[1] "\n"
    (i32.store (i32.const 128) (local.get $p))
    (i32.store (i32.const 132) (i32.sub (local.get $end) (local.get $p)))
    (i32.store (i32.const 136) (i32.const 176))
    (i32.store (i32.const 140) (i32.const 1))
    (if (call $fd_write (i32.const 1) (i32.const 128) (i32.const 2) (i32.const 160))
      (then (call $proc_exit (i32.const 102))))
    (call $proc_exit (local.get $code))
    unreachable))
