;; proc_exit with the code given as argv[1] (decimal). It first echoes argv[1] and a
;; newline to stdout (two iovecs), so the spec also checks output written before
;; proc_exit is kept. fd_write may write fewer bytes than asked (POSIX writev; Wasmtime
;; writes only the first iovec to a pipe), so the echo loops until every byte is out.
;; Code after proc_exit is `unreachable`: a proc_exit that returns makes the guest trap.
;; Exit codes on harness trouble: 100 (bad argc), 101 (bad digit), 102 (fd_write failed),
;; 103 (nwritten is 0 or more than the bytes left).
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; 0: argc, 4: buf size, 16: argv[] (up to 16 pointers), 128: ciovecs, 160: nwritten,
  ;; 176: "\n", 1024: argv buffer
  (data (i32.const 176) "\n")

  ;; Writes every byte of the $n ciovecs at $iov to $fd, calling fd_write until none is
  ;; left; the array is consumed in place, nwritten goes to address 160.
  ;; Returns 0, 2 (fd_write failed) or 3 (nwritten is 0 or more than the bytes left).
  (func $write_all (param $fd i32) (param $iov i32) (param $n i32) (result i32)
    (local $left i32) (local $i i32) (local $nw i32) (local $len i32)
    (block $summed
      (loop $sum
        (br_if $summed (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $left (i32.add (local.get $left)
          (i32.load offset=4 (i32.add (local.get $iov) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $sum)))
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $left)))
        (if (call $fd_write (local.get $fd) (local.get $iov) (local.get $n) (i32.const 160))
          (then (return (i32.const 2))))
        (local.set $nw (i32.load (i32.const 160)))
        (if (i32.or (i32.eqz (local.get $nw)) (i32.gt_u (local.get $nw) (local.get $left)))
          (then (return (i32.const 3))))
        (local.set $left (i32.sub (local.get $left) (local.get $nw)))
        ;; drop the iovecs written in full (and empty ones)
        (block $dropped
          (loop $drop
            (br_if $dropped (i32.eqz (local.get $n)))
            (local.set $len (i32.load offset=4 (local.get $iov)))
            (br_if $dropped (i32.gt_u (local.get $len) (local.get $nw)))
            (local.set $nw (i32.sub (local.get $nw) (local.get $len)))
            (local.set $iov (i32.add (local.get $iov) (i32.const 8)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $drop)))
        ;; move into the iovec written in part
        (if (local.get $nw)
          (then
            (i32.store (local.get $iov) (i32.add (i32.load (local.get $iov)) (local.get $nw)))
            (i32.store offset=4 (local.get $iov) (i32.sub (i32.load offset=4 (local.get $iov)) (local.get $nw)))))
        (br $again)))
    (i32.const 0))

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
    (local.set $c (call $write_all (i32.const 1) (i32.const 128) (i32.const 2)))
    (if (local.get $c) (then (call $proc_exit (i32.add (local.get $c) (i32.const 100)))))
    (call $proc_exit (local.get $code))
    unreachable))
