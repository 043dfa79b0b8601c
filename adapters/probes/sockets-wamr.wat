;; Capability sockets.wamr: WAMR's lib-socket, recognised by sock_addr_resolve (only WAMR has it;
;; a plain sock_open is not enough: WasmEdge links a 4-parameter one too). The call must return,
;; with any errno (no --allow-resolve gives acces), instead of failing to link or trapping.
(module
  (import "wasi_snapshot_preview1" "sock_addr_resolve"
    (func $resolve (param i32 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "localhost\00")
  (data (i32.const 32) "80\00")
  (func (export "_start")
    ;; host, service, hints (12 zero bytes at 48), 1 result entry at 64, max_info_size at 128
    (drop (call $resolve (i32.const 16) (i32.const 32) (i32.const 48) (i32.const 64) (i32.const 1) (i32.const 128)))))
