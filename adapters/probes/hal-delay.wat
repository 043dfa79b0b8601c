;; Capability hal.delay (docs/hal.md): the i2c delay resource (open-delay("delay0"),
;; delay-ns) and wasi:gpio/delay's free functions link and return.
(module
  (import "wasmcert:hal/board@0.1.0" "open-delay" (func $open (param i32 i32 i32)))
  (import "wasi:i2c/delay@0.2.0-draft" "[method]delay.delay-ns" (func $ns (param i32 i32)))
  (import "wasi:i2c/delay@0.2.0-draft" "[resource-drop]delay" (func $drop (param i32)))
  (import "wasi:gpio/delay@0.2.0" "delay-us" (func $us (param i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "delay0")
  (func (export "_start")
    (call $open (i32.const 16) (i32.const 6) (i32.const 32))
    (if (i32.ne (i32.load8_u (i32.const 32)) (i32.const 1)) (then (call $exit (i32.const 1))))
    (call $ns (i32.load (i32.const 36)) (i32.const 1000))
    (call $us (i32.const 1))
    (call $drop (i32.load (i32.const 36)))
    (call $exit (i32.const 0))))
