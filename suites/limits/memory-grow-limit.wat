;; With the spec's guest memory limit of 4 pages (256 KiB) given to the runtime, a memory
;; declared with no maximum grows up to the limit and memory.grow past it returns -1
;; (the guest keeps running, with its memory intact); TAP on stdout.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 32) "ok ")
  (data (i32.const 40) "not ok ")
  (data (i32.const 256) "TAP version 14\n")
  (data (i32.const 272) "1..6\n")
  (data (i32.const 280) "1 - memory.grow by 1 page from 1 page returns the old size, 1\n")
  (data (i32.const 344) "2 - memory.grow by 2 pages, up to the 4-page limit, returns 2\n")
  (data (i32.const 408) "3 - the last byte below the limit is writable\n")
  (data (i32.const 456) "4 - memory.grow by 1 page past the limit returns -1\n")
  (data (i32.const 512) "5 - memory.grow by 65532 pages, to 4 GiB, returns -1\n")
  (data (i32.const 568) "6 - a refused memory.grow leaves the memory at 4 pages\n")
  ;; one iovec per call: fd_write may write only the first of several
  (func $line (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16))))
  ;; "ok " or "not ok ", then the text
  (func $check (param $ok i32) (param $ptr i32) (param $len i32)
    (call $line (select (i32.const 32) (i32.const 40) (local.get $ok)) (select (i32.const 3) (i32.const 7) (local.get $ok)))
    (call $line (local.get $ptr) (local.get $len)))
  (func (export "_start")
    (call $line (i32.const 256) (i32.const 15))
    ;; memory.grow by 1 page from 1 page returns the old size, 1
    (call $check (i32.eq (memory.grow (i32.const 1)) (i32.const 1)) (i32.const 280) (i32.const 62))
    ;; memory.grow by 2 pages, up to the 4-page limit, returns 2
    (call $check (i32.eq (memory.grow (i32.const 2)) (i32.const 2)) (i32.const 344) (i32.const 62))
    ;; the last byte below the limit is writable
    (call $check (block (result i32) (i32.store8 (i32.const 262143) (i32.const 0x5a)) (i32.eq (i32.load8_u (i32.const 262143)) (i32.const 0x5a))) (i32.const 408) (i32.const 46))
    ;; memory.grow by 1 page past the limit returns -1
    (call $check (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (i32.const 456) (i32.const 52))
    ;; memory.grow by 65532 pages, to 4 GiB, returns -1
    (call $check (i32.eq (memory.grow (i32.const 65532)) (i32.const -1)) (i32.const 512) (i32.const 53))
    ;; a refused memory.grow leaves the memory at 4 pages
    (call $check (i32.eq (memory.grow (i32.const 0)) (i32.const 4)) (i32.const 568) (i32.const 55))
    (call $line (i32.const 272) (i32.const 5))))
