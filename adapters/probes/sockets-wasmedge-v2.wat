;; Capability sockets.wasmedge-v2: WasmEdge's 0.12 socket ABI, recognised by importing
;; three _v2 names with their own core types (a runtime with only the V1 calls, such as
;; WasmEdge before 0.12, fails to instantiate this module) and calling each on a bad fd:
;; an errno comes back, where WAMR, which links unknown imports lazily, traps.
(module
  (import "wasi_snapshot_preview1" "sock_accept_v2" (func $accept (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv_from_v2" (func $recv_from (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_getlocaladdr_v2" (func $local (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $accept (i32.const 9999) (i32.const 0) (i32.const 64)))
    (drop (call $recv_from (i32.const 9999) (i32.const 128) (i32.const 0) (i32.const 256) (i32.const 0) (i32.const 512) (i32.const 520) (i32.const 528)))
    (drop (call $local (i32.const 9999) (i32.const 256) (i32.const 512)))))
