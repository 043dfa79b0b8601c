;; Multiple memories: memory.grow on memory 1 grows it alone, keeps its contents, and
;; stops at its own maximum; memory 0 keeps its size.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory $a (export "memory") 1)
  (memory $b 1 3)
  (func $check (param $ok i32) (param $code i32)
    (if (i32.eqz (local.get $ok)) (then (call $exit (local.get $code)))))
  (func (export "_start")
    (i32.store $b (i32.const 4) (i32.const 77))
    (call $check (i32.eq (memory.grow $b (i32.const 1)) (i32.const 1)) (i32.const 1))
    (call $check (i32.eq (memory.size $b) (i32.const 2)) (i32.const 2))
    (call $check (i32.eq (memory.size $a) (i32.const 1)) (i32.const 3))
    (call $check (i32.eq (i32.load $b (i32.const 4)) (i32.const 77)) (i32.const 4))
    ;; the new page is zeroed and usable
    (call $check (i32.eqz (i32.load $b (i32.const 70000))) (i32.const 5))
    (i32.store $b (i32.const 70000) (i32.const 5))
    (call $check (i32.eq (i32.load $b (i32.const 70000)) (i32.const 5)) (i32.const 6))
    ;; past the maximum of 3 pages: -1, size unchanged
    (call $check (i32.eq (memory.grow $b (i32.const 2)) (i32.const -1)) (i32.const 7))
    (call $check (i32.eq (memory.grow $b (i32.const 1)) (i32.const 2)) (i32.const 8))
    (call $check (i32.eq (memory.size $b) (i32.const 3)) (i32.const 9))
    ;; growing memory 0 leaves memory 1 alone
    (call $check (i32.eq (memory.grow $a (i32.const 1)) (i32.const 1)) (i32.const 10))
    (call $check (i32.eq (memory.size $b) (i32.const 3)) (i32.const 11))
    (call $exit (i32.const 0))))
