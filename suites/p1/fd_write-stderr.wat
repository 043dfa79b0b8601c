;; fd_write to stderr (fd 2) with three iovecs, the middle one empty: the bytes must
;; arrive in order, exactly once, on stderr only. fd_write is POSIX writev: one call may
;; write fewer bytes than asked (Wasmtime writes only the first non-empty iovec to a
;; pipe), so the guest checks 0 < nwritten <= bytes left and writes the rest, passing
;; the remaining iovecs (the empty one included) again. One-call gathering is not required.
;; Exit codes: 0 ok, 2 fd_write failed, 3 nwritten is 0 or more than the bytes left.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "error: \c3\bcn\c3\afc\c3\b6d\c3\a9 \e2\9c\93\n")  ;; "error: ünïcödé ✓\n", 23 bytes
  (data (i32.const 64) "second line\n")                                   ;; 12 bytes

  ;; Writes every byte of the $n ciovecs at $iov to $fd, calling fd_write until none is
  ;; left; the array is consumed in place, nwritten goes to address 96.
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
        (if (call $fd_write (local.get $fd) (local.get $iov) (local.get $n) (i32.const 96))
          (then (return (i32.const 2))))
        (local.set $nw (i32.load (i32.const 96)))
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
    (local $r i32)
    ;; ciovecs at 128: {16, 23}, {40, 0}, {64, 12}
    (i32.store (i32.const 128) (i32.const 16))
    (i32.store (i32.const 132) (i32.const 23))
    (i32.store (i32.const 136) (i32.const 40))
    (i32.store (i32.const 140) (i32.const 0))
    (i32.store (i32.const 144) (i32.const 64))
    (i32.store (i32.const 148) (i32.const 12))
    (local.set $r (call $write_all (i32.const 2) (i32.const 128) (i32.const 3)))
    (if (local.get $r) (then (call $proc_exit (local.get $r))))))
