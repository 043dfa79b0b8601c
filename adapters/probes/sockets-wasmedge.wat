;; Capability sockets.wasmedge: WasmEdge's extension, recognised by sock_getaddrinfo (only
;; WasmEdge has it). With max_res_len 0 the call must return an errno, not trap.
(module
  (import "wasi_snapshot_preview1" "sock_getaddrinfo"
    (func $getaddrinfo (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "localhost")
  (data (i32.const 32) "80")
  (func (export "_start")
    ;; node (9 B), service (2 B), zeroed hints at 48, *res at 96, max_res_len 0, *res_len at 128
    (drop (call $getaddrinfo (i32.const 16) (i32.const 9) (i32.const 32) (i32.const 2) (i32.const 48) (i32.const 96) (i32.const 0) (i32.const 128)))))
