;; Writes "before\n", then executes `unreachable`: the run must end in a trap, and the
;; output written before it must be kept. "after\n" must never appear.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (data (i32.const 32) "after\n")
  ;; Writes the bytes to stdout; fd_write may write fewer than asked (POSIX writev), so
  ;; it writes the rest until none is left, an error, or a nwritten of 0 or too many.
  (func $say (param $at i32) (param $len i32)
    (local $nw i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store (i32.const 64) (local.get $at))
        (i32.store (i32.const 68) (local.get $len))
        (br_if $done (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 96)))
        (local.set $nw (i32.load (i32.const 96)))
        (br_if $done (i32.or (i32.eqz (local.get $nw)) (i32.gt_u (local.get $nw) (local.get $len))))
        (local.set $at (i32.add (local.get $at) (local.get $nw)))
        (local.set $len (i32.sub (local.get $len) (local.get $nw)))
        (br $again))))
  (func (export "_start")
    (call $say (i32.const 16) (i32.const 7))
    unreachable
    (call $say (i32.const 32) (i32.const 6))))
