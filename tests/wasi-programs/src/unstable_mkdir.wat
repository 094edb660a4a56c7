;; wasi_unstable path_create_directory in the first preopen (fd 3), printing
;; each errno: a new directory (0), the same again (EEXIST 20), "../escape"
;; (ENOTCAPABLE 76, as in the seed article), an empty path (ENOENT 44, as in
;; the article), invalid UTF-8 (EILSEQ 25, as in the article), a nested one.
(module
  (import "wasi_unstable" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "path_create_directory" (func $mkdir (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "\n")
  (data (i32.const 1024) "newdir")
  (data (i32.const 1032) "../escape")
  (data (i32.const 1048) "\ff\fe")
  (data (i32.const 1056) "newdir/inner")
  (data (i32.const 1072) "mkdir newdir: ")
  (data (i32.const 1088) "mkdir newdir again: ")
  (data (i32.const 1112) "mkdir ../escape: ")
  (data (i32.const 1136) "mkdir \22\22: ")
  (data (i32.const 1152) "mkdir invalid UTF-8: ")
  (data (i32.const 1176) "mkdir newdir/inner: ")
  (data (i32.const 1200) "mkdir on fd 99: ")

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

  (func (export "_start")
    (call $line (i32.const 1072) (i32.const 14) (call $mkdir (i32.const 3) (i32.const 1024) (i32.const 6)))
    (call $line (i32.const 1088) (i32.const 20) (call $mkdir (i32.const 3) (i32.const 1024) (i32.const 6)))
    (call $line (i32.const 1112) (i32.const 17) (call $mkdir (i32.const 3) (i32.const 1032) (i32.const 9)))
    (call $line (i32.const 1136) (i32.const 10) (call $mkdir (i32.const 3) (i32.const 1024) (i32.const 0)))
    (call $line (i32.const 1152) (i32.const 21) (call $mkdir (i32.const 3) (i32.const 1048) (i32.const 2)))
    (call $line (i32.const 1176) (i32.const 20) (call $mkdir (i32.const 3) (i32.const 1056) (i32.const 12)))
    (call $line (i32.const 1200) (i32.const 16) (call $mkdir (i32.const 99) (i32.const 1024) (i32.const 6)))))
