;; Multiple memories: an access past memory 1's end traps even though memory 0 is larger.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory $a (export "memory") 4)
  (memory $b 1)
  (func (export "_start")
    (drop (i32.load $a (i32.const 131072)))
    (drop (i32.load $b (i32.const 131072)))
    (call $exit (i32.const 1))))
