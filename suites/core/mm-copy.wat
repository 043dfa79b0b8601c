;; Multiple memories: memory.copy and memory.fill between and within named memories.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory $a (export "memory") 1)
  (memory $b 1)
  (data (memory $a) (i32.const 100) "abcdefgh")
  (func $check (param $ok i32) (param $code i32)
    (if (i32.eqz (local.get $ok)) (then (call $exit (local.get $code)))))
  (func (export "_start")
    ;; memory 0 -> memory 1
    (memory.copy $b $a (i32.const 200) (i32.const 100) (i32.const 8))
    (call $check (i64.eq (i64.load $b (i32.const 200)) (i64.load $a (i32.const 100))) (i32.const 1))
    (call $check (i64.eqz (i64.load $a (i32.const 200))) (i32.const 2))
    ;; memory 1 -> memory 0, into another place
    (memory.fill $b (i32.const 300) (i32.const 0x5a) (i32.const 4))
    (memory.copy $a $b (i32.const 400) (i32.const 300) (i32.const 4))
    (call $check (i32.eq (i32.load $a (i32.const 400)) (i32.const 0x5a5a5a5a)) (i32.const 3))
    (call $check (i32.eqz (i32.load $a (i32.const 300))) (i32.const 4))
    ;; overlapping copy within memory 1
    (memory.copy $b $b (i32.const 202) (i32.const 200) (i32.const 6))
    (call $check (i32.eq (i32.load8_u $b (i32.const 207)) (i32.const 0x66)) (i32.const 5))
    ;; a copy out of memory 1's bounds traps: checked last
    (memory.copy $a $b (i32.const 0) (i32.const 65535) (i32.const 2))
    (call $exit (i32.const 6))))
