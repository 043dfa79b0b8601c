;; Guest pointers at and past the end of linear memory (one page: 65536 bytes), in the
;; fd_* calls. The case is the first letter of argv[1]. The fixture's digits.txt
;; ("0123456789") is opened read/write first.
;;
;; The rule (WebAssembly/WASI legacy/tools/witx-docs.md, "Pointers", since WASI PR #536):
;; "If an out-of-bounds pointer is passed to a function and the function needs to
;; dereference it, the function shall trap rather than returning `errno.fault`", and
;; "If a misaligned pointer is passed to a function, the function shall trap." So the
;; specs of the out-of-bounds and misaligned cases want a trap; a runtime that returns
;; instead exits with the errno it got (21 = fault), which the report shows.
;;
;; Cases (all calls on the digits.txt fd unless said otherwise):
;;   z  in bounds, up to the last byte: fdstat at 65536-24, filestat at 65536-64, fd_tell
;;      at 65536-8, pread into the last 4 bytes, pread's nread at 65536-4, pwrite from the
;;      last 4 bytes, prestat at 65536-8, fd_prestat_dir_name ending at 65536. All must
;;      succeed: exit 0; else exit 100 + the call's number (1-8), its errno on stderr, or
;;      115-118 when a call succeeded but wrote the wrong bytes
;;   a  fd_fdstat_get, 24-byte fdstat at 65536-16 (crosses the end)
;;   b  fd_fdstat_get at 0xfffffff8 (pointer + 24 wraps around 2^32 to 16)
;;   c  fd_fdstat_get at 1028 (fdstat is 8-aligned)
;;   d  fd_fdstat_get on fd 4242 (not open) with the pointer at 65536-16: the call fails
;;      before it has anything to write, so it need not dereference: badf, no trap
;;   e  fd_filestat_get, 64-byte filestat at 65536-32
;;   f  fd_tell, u64 at 65536 (wholly outside)
;;   g  fd_tell at 1028 (a u64 out-pointer is 8-aligned)
;;   h  fd_pread, the iovec array at 65532 (an 8-byte iovec crossing the end)
;;   i  fd_pread, one iovec {65532, 8}: the buffer crosses the end
;;   j  fd_pread, one iovec {0xfffffff8, 16}: buffer + length wraps around 2^32 to 8
;;   k  fd_pread, nread at 65534
;;   l  fd_pread with 0x20000000 iovecs at 3000: the array's byte size wraps around 2^32
;;   m  fd_pwrite, one ciovec {65532, 8}: the buffer crosses the end
;;   n  fd_prestat_get(3), 8-byte prestat at 65532
;;   o  fd_prestat_dir_name(3) into a buffer whose last byte is 65536
;;   p  fd_pread, the iovec array at 3001 (iovec is 4-aligned)
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_tell" (func $fd_tell (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pread" (func $fd_pread (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pwrite" (func $fd_pwrite (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1 1)
  ;; 0: argc, 4: argv buffer size; 256: argv[]; 512: argv strings
  ;; 1024: out area (8-aligned); 2048: the path; 2304: message; 3000: iovec; 4096: data
  (data (i32.const 2048) "digits.txt")
  (data (i32.const 2304) "errno ")

  (global $fd (mut i32) (i32.const 0))

  ;; Writes "errno N\n" to stderr (N < 1000).
  (func $report (param $e i32)
    (i32.store8 (i32.const 2310) (i32.add (i32.const 48) (i32.div_u (local.get $e) (i32.const 100))))
    (i32.store8 (i32.const 2311) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $e) (i32.const 10)) (i32.const 10))))
    (i32.store8 (i32.const 2312) (i32.add (i32.const 48) (i32.rem_u (local.get $e) (i32.const 10))))
    (i32.store8 (i32.const 2313) (i32.const 10))
    (i32.store (i32.const 2400) (i32.const 2304))
    (i32.store (i32.const 2404) (i32.const 10))
    (drop (call $fd_write (i32.const 2) (i32.const 2400) (i32.const 1) (i32.const 2408))))

  ;; Exits with the errno a call returned (after reporting it on stderr).
  (func $exit_errno (param $e i32)
    (call $report (local.get $e))
    (call $proc_exit (local.get $e))
    (unreachable))

  ;; Case z: call number $n returned $e; any errno fails the case.
  (func $ok (param $n i32) (param $e i32)
    (if (local.get $e)
      (then
        (call $report (local.get $e))
        (call $proc_exit (i32.add (i32.const 100) (local.get $n))))))

  (func $set_iov (param $buf i32) (param $len i32)
    (i32.store (i32.const 3000) (local.get $buf))
    (i32.store (i32.const 3004) (local.get $len)))

  (func $in_bounds
    (local $len i32)
    (call $ok (i32.const 1) (call $fd_fdstat_get (global.get $fd) (i32.const 65512)))
    (call $ok (i32.const 2) (call $fd_filestat_get (global.get $fd) (i32.const 65472)))
    (call $ok (i32.const 3) (call $fd_tell (global.get $fd) (i32.const 65528)))
    (call $set_iov (i32.const 65532) (i32.const 4))
    (call $ok (i32.const 4) (call $fd_pread (global.get $fd) (i32.const 3000) (i32.const 1) (i64.const 0) (i32.const 1040)))
    (if (i32.ne (i32.load (i32.const 65532)) (i32.const 0x33323130)) (then (call $proc_exit (i32.const 118)))) ;; "0123"
    (call $set_iov (i32.const 4096) (i32.const 4))
    (call $ok (i32.const 5) (call $fd_pread (global.get $fd) (i32.const 3000) (i32.const 1) (i64.const 2) (i32.const 65532)))
    (if (i32.ne (i32.load (i32.const 65532)) (i32.const 4)) (then (call $proc_exit (i32.const 115))))
    (if (i32.ne (i32.load (i32.const 4096)) (i32.const 0x35343332)) (then (call $proc_exit (i32.const 116)))) ;; "2345"
    (i32.store (i32.const 65532) (i32.const 0x33323130)) ;; "0123"
    (call $set_iov (i32.const 65532) (i32.const 4))
    (call $ok (i32.const 6) (call $fd_pwrite (global.get $fd) (i32.const 3000) (i32.const 1) (i64.const 0) (i32.const 1024)))
    (call $ok (i32.const 7) (call $fd_prestat_get (i32.const 3) (i32.const 65528)))
    (local.set $len (i32.load (i32.const 65532)))
    (if (i32.or (i32.eqz (local.get $len)) (i32.gt_u (local.get $len) (i32.const 4096))) (then (call $proc_exit (i32.const 117))))
    (call $ok (i32.const 8) (call $fd_prestat_dir_name (i32.const 3) (i32.sub (i32.const 65536) (local.get $len)) (local.get $len)))
    (call $proc_exit (i32.const 0)))

  (func (export "_start")
    (local $case i32) (local $len i32)
    (if (call $args_sizes_get (i32.const 0) (i32.const 4)) (then (call $proc_exit (i32.const 110))))
    (if (i32.or (i32.lt_u (i32.load (i32.const 0)) (i32.const 2)) (i32.gt_u (i32.load (i32.const 0)) (i32.const 60)))
      (then (call $proc_exit (i32.const 111))))
    (if (i32.gt_u (i32.load (i32.const 4)) (i32.const 500)) (then (call $proc_exit (i32.const 111))))
    (if (call $args_get (i32.const 256) (i32.const 512)) (then (call $proc_exit (i32.const 110))))
    (local.set $case (i32.load8_u (i32.load (i32.const 260))))
    ;; fd_read | fd_seek | fd_tell | fd_write | fd_filestat_get
    (if (call $path_open (i32.const 3) (i32.const 0) (i32.const 2048) (i32.const 10) (i32.const 0)
              (i64.const 0x200066) (i64.const 0) (i32.const 0) (i32.const 1024))
      (then (call $proc_exit (i32.const 112))))
    (global.set $fd (i32.load (i32.const 1024)))
    (call $set_iov (i32.const 4096) (i32.const 4))
    (block $unknown
      (block $p (block $o (block $n (block $m (block $l (block $k (block $j (block $i
      (block $h (block $g (block $f (block $e (block $d (block $c (block $b (block $a
        (if (i32.eq (local.get $case) (i32.const 122)) (then (call $in_bounds))) ;; 'z'
        (br_table $a $b $c $d $e $f $g $h $i $j $k $l $m $n $o $p $unknown
          (i32.sub (local.get $case) (i32.const 97))))
      (call $exit_errno (call $fd_fdstat_get (global.get $fd) (i32.const 65520))))
      (call $exit_errno (call $fd_fdstat_get (global.get $fd) (i32.const 0xfffffff8))))
      (call $exit_errno (call $fd_fdstat_get (global.get $fd) (i32.const 1028))))
      (call $exit_errno (call $fd_fdstat_get (i32.const 4242) (i32.const 65520))))
      (call $exit_errno (call $fd_filestat_get (global.get $fd) (i32.const 65504))))
      (call $exit_errno (call $fd_tell (global.get $fd) (i32.const 65536))))
      (call $exit_errno (call $fd_tell (global.get $fd) (i32.const 1028))))
      (call $exit_errno (call $fd_pread (global.get $fd) (i32.const 65532) (i32.const 1) (i64.const 0) (i32.const 1040))))
      (call $set_iov (i32.const 65532) (i32.const 8))
      (call $exit_errno (call $fd_pread (global.get $fd) (i32.const 3000) (i32.const 1) (i64.const 0) (i32.const 1040))))
      (call $set_iov (i32.const 0xfffffff8) (i32.const 16))
      (call $exit_errno (call $fd_pread (global.get $fd) (i32.const 3000) (i32.const 1) (i64.const 0) (i32.const 1040))))
      (call $exit_errno (call $fd_pread (global.get $fd) (i32.const 3000) (i32.const 1) (i64.const 0) (i32.const 65534))))
      (call $exit_errno (call $fd_pread (global.get $fd) (i32.const 3000) (i32.const 0x20000000) (i64.const 0) (i32.const 1040))))
      (call $set_iov (i32.const 65532) (i32.const 8))
      (call $exit_errno (call $fd_pwrite (global.get $fd) (i32.const 3000) (i32.const 1) (i64.const 0) (i32.const 1040))))
      (call $exit_errno (call $fd_prestat_get (i32.const 3) (i32.const 65532))))
      (if (call $fd_prestat_get (i32.const 3) (i32.const 1056)) (then (call $proc_exit (i32.const 113))))
      (local.set $len (i32.load (i32.const 1060)))
      (if (i32.or (i32.eqz (local.get $len)) (i32.gt_u (local.get $len) (i32.const 4096))) (then (call $proc_exit (i32.const 113))))
      (call $exit_errno (call $fd_prestat_dir_name (i32.const 3) (i32.sub (i32.const 65537) (local.get $len)) (local.get $len))))
      (i32.store (i32.const 3001) (i32.const 4096))
      (i32.store (i32.const 3005) (i32.const 4))
      (call $exit_errno (call $fd_pread (global.get $fd) (i32.const 3001) (i32.const 1) (i64.const 0) (i32.const 1040))))
    (call $proc_exit (i32.const 114))))
