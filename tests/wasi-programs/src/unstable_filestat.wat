;; wasi_unstable fd_filestat_get / path_filestat_get: the 56-byte filestat of
;; wasi_unstable (dev u64 @0, ino u64 @8, filetype u8 @16, nlink u32 @20,
;; size u64 @24, atim @32, mtim @40, ctim @48), not preview1's 64-byte one
;; (nlink u64 @24, size @32). Canary bytes right after the 56 bytes must
;; survive. Reads data.txt (13 bytes) in the first preopen (fd 3).
(module
  (import "wasi_unstable" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_unstable" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "\n")
  (data (i32.const 1024) "data.txt")
  (data (i32.const 1040) ".")
  (data (i32.const 1048) "path_open errno: ")
  (data (i32.const 1072) "fd_filestat_get errno: ")
  (data (i32.const 1096) "  filetype (4 = regular file): ")
  (data (i32.const 1128) "  nlink (u32 at 20): ")
  (data (i32.const 1152) "  size (u64 at 24): ")
  (data (i32.const 1176) "  canary after byte 56 intact (1 = yes): ")
  (data (i32.const 1224) "  mtim after 2020 (1 = yes): ")
  (data (i32.const 1256) "path_filestat_get errno: ")
  (data (i32.const 1288) "path_filestat_get(.) filetype (3 = directory): ")

  ;; --- output helpers: $str prints memory[p, p+l); $num prints a signed i32;
  ;; $line prints a label, a number and a newline. Scratch: 0..16 iovec and
  ;; nwritten, 64..96 digits, 100 "\n".
  (func $str (param $p i32) (param $l i32)
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (local.get $l))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $num (param $n i32)
    (local $p i32) (local $neg i32)
    (local.set $p (i32.const 96))
    (local.set $neg (i32.lt_s (local.get $n) (i32.const 0)))
    (if (local.get $neg) (then (local.set $n (i32.sub (i32.const 0) (local.get $n)))))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digits (local.get $n)))
    (if (local.get $neg)
      (then (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (i32.store8 (local.get $p) (i32.const 45))))
    (call $str (local.get $p) (i32.sub (i32.const 96) (local.get $p))))
  (func $line (param $p i32) (param $l i32) (param $n i32)
    (call $str (local.get $p) (local.get $l))
    (call $num (local.get $n))
    (call $str (i32.const 100) (i32.const 1)))

  ;; fill 512..584 with 0xAA, then report the filestat at 512
  (func $canary
    (memory.fill (i32.const 512) (i32.const 0xAA) (i32.const 72)))
  (func $show
    (call $line (i32.const 1096) (i32.const 31) (i32.load8_u (i32.const 528)))
    (call $line (i32.const 1128) (i32.const 21) (i32.load (i32.const 532)))
    (call $line (i32.const 1152) (i32.const 20) (i32.wrap_i64 (i64.load (i32.const 536))))
    (call $line (i32.const 1224) (i32.const 29) (i64.gt_u (i64.load (i32.const 552)) (i64.const 1577836800000000000)))
    (call $line (i32.const 1176) (i32.const 41) (i64.eq (i64.load (i32.const 568)) (i64.const 0xAAAAAAAAAAAAAAAA))))
  (func (export "_start")
    (call $line (i32.const 1048) (i32.const 17) (call $path_open (i32.const 3) (i32.const 1) (i32.const 1024) (i32.const 8) (i32.const 0)
      (i64.const 0x200066) (i64.const 0) (i32.const 0) (i32.const 300)))
    (call $canary)
    (call $line (i32.const 1072) (i32.const 23) (call $fd_filestat_get (i32.load (i32.const 300)) (i32.const 512)))
    (call $show)
    (call $canary)
    (call $line (i32.const 1256) (i32.const 25) (call $path_filestat_get (i32.const 3) (i32.const 1) (i32.const 1024) (i32.const 8) (i32.const 512)))
    (call $show)
    (call $canary)
    (drop (call $path_filestat_get (i32.const 3) (i32.const 1) (i32.const 1040) (i32.const 1) (i32.const 512)))
    (call $line (i32.const 1288) (i32.const 47) (i32.load8_u (i32.const 528)))))
