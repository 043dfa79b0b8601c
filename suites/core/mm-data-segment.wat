;; Multiple memories: an active data segment initialises memory 1 (and not memory 0);
;; a passive one is copied into memory 1 by memory.init.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory $a (export "memory") 1)
  (memory $b 1)
  (data (memory $b) (i32.const 16) "\2a\00\00\00wasm")
  (data $p "\de\c0\ad\de")
  (func $check (param $ok i32) (param $code i32)
    (if (i32.eqz (local.get $ok)) (then (call $exit (local.get $code)))))
  (func (export "_start")
    (call $check (i32.eq (i32.load $b (i32.const 16)) (i32.const 42)) (i32.const 1))
    (call $check (i32.eq (i32.load $b (i32.const 20)) (i32.const 0x6d736177)) (i32.const 2))
    (call $check (i32.eqz (i32.load $a (i32.const 16))) (i32.const 3))
    (memory.init $b $p (i32.const 1000) (i32.const 0) (i32.const 4))
    (call $check (i32.eq (i32.load $b (i32.const 1000)) (i32.const 0xdeadc0de)) (i32.const 4))
    (call $check (i32.eqz (i32.load $a (i32.const 1000))) (i32.const 5))
    (call $exit (i32.const 0))))
