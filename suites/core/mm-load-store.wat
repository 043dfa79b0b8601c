;; Multiple memories: loads and stores name their memory; the two do not alias, and
;; each keeps its own bounds. Exit code = the first failed check.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory $a (export "memory") 1)
  (memory $b 2)
  (func $check (param $ok i32) (param $code i32)
    (if (i32.eqz (local.get $ok)) (then (call $exit (local.get $code)))))
  (func (export "_start")
    (i32.store $a (i32.const 8) (i32.const 0x11111111))
    (i32.store $b (i32.const 8) (i32.const 0x22222222))
    (call $check (i32.eq (i32.load $a (i32.const 8)) (i32.const 0x11111111)) (i32.const 1))
    (call $check (i32.eq (i32.load $b (i32.const 8)) (i32.const 0x22222222)) (i32.const 2))
    ;; narrow and wide accesses on memory 1
    (i64.store $b (i32.const 65600) (i64.const 0x0102030405060708))
    (call $check (i32.eq (i32.load8_u $b (i32.const 65600)) (i32.const 8)) (i32.const 3))
    (call $check (i32.eq (i32.load16_u $b (i32.const 65606)) (i32.const 0x0102)) (i32.const 4))
    (call $check (i32.eqz (i32.load $a (i32.const 0))) (i32.const 5))
    ;; memory.size is per memory
    (call $check (i32.eq (memory.size $a) (i32.const 1)) (i32.const 6))
    (call $check (i32.eq (memory.size $b) (i32.const 2)) (i32.const 7))
    (call $exit (i32.const 0))))
