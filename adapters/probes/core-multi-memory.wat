;; Capability core.multi-memory: two memories with stores, memory.copy between them, an
;; active data segment into memory 1 and memory.grow of memory 1 alone.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory $a (export "memory") 1)
  (memory $b 1 2)
  (data (memory $b) (i32.const 8) "\07\00\00\00")
  (func (export "_start")
    (i32.store $a (i32.const 0) (i32.const 5))
    (memory.copy $b $a (i32.const 16) (i32.const 0) (i32.const 4))
    (call $exit (i32.or (i32.or
      (i32.ne (i32.add (i32.load $b (i32.const 8)) (i32.load $b (i32.const 16))) (i32.const 12))
      (i32.ne (i32.load $a (i32.const 8)) (i32.const 0)))
      (i32.or (i32.ne (memory.grow $b (i32.const 1)) (i32.const 1))
              (i32.ne (memory.size $a) (i32.const 1)))))))
