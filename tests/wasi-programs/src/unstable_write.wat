;; wasi_unstable fd_write: gathered iovecs (one of them empty), the returned
;; nwritten, fd_write to stderr, and EBADF (8) for an unknown fd.
(module
  (import "wasi_unstable" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "\n")
  (data (i32.const 1024) "gathered: ")
  (data (i32.const 1040) "one two\0a")
  (data (i32.const 1056) "nwritten = ")
  (data (i32.const 1072) "to stderr\0a")
  (data (i32.const 1088) "fd_write(2) errno = ")
  (data (i32.const 1112) "fd_write(99) errno = ")

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
    ;; three iovecs at 200: "gathered: ", an empty one, "one two\n"
    (i32.store (i32.const 200) (i32.const 1024))
    (i32.store (i32.const 204) (i32.const 10))
    (i32.store (i32.const 208) (i32.const 0))
    (i32.store (i32.const 212) (i32.const 0))
    (i32.store (i32.const 216) (i32.const 1040))
    (i32.store (i32.const 220) (i32.const 8))
    (drop (call $fd_write (i32.const 1) (i32.const 200) (i32.const 3) (i32.const 240)))
    (call $line (i32.const 1056) (i32.const 11) (i32.load (i32.const 240)))
    (i32.store (i32.const 200) (i32.const 1072))
    (i32.store (i32.const 204) (i32.const 10))
    (call $line (i32.const 1088) (i32.const 20) (call $fd_write (i32.const 2) (i32.const 200) (i32.const 1) (i32.const 240)))
    (call $line (i32.const 1112) (i32.const 21) (call $fd_write (i32.const 99) (i32.const 200) (i32.const 1) (i32.const 240)))))
