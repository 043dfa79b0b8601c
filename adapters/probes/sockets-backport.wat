;; Capability sockets.backport: wasi:sockets@0.2.0 lowered to P1 core imports
;; (docs/sockets-backport.md). instance-network must link and return a handle (never 0);
;; dropping it must return. A runtime without the back-port fails to instantiate, or
;; (WAMR) traps at the unlinked call.
(module
  (import "wasi:sockets/instance-network@0.2.0" "instance-network" (func $net (result i32)))
  (import "wasi:sockets/network@0.2.0" "[resource-drop]network" (func $drop (param i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $h i32)
    (local.set $h (call $net))
    (if (i32.eqz (local.get $h)) (then (call $exit (i32.const 1))))
    (call $drop (local.get $h))
    (call $exit (i32.const 0))))
