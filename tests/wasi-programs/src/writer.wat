;; writer.wat from the seed article ("WASI - WebAssembly System Interface with
;; Wasmtime"), typed in as printed there. Note the article's iovec length of
;; 20 for the 17-byte string: the three zero bytes after it are written too,
;; so stdout is "Hooray it's WASI\n\0\0\0". nwritten goes to offset 20, inside
;; the string, after the write.
(module
  (import "wasi_unstable" "fd_write" (func $fdw (param i32 i32 i32 i32) (result i32)))

  (memory 1)
  (export "memory" (memory 0))

  (data (i32.const 12) "Hooray it's WASI\n")

  (func $main (export "_start")
    (i32.store (i32.const 0) (i32.const 12))
    (i32.store (i32.const 4) (i32.const 20))
    (call $fdw
      (i32.const 1)
      (i32.const 0)
      (i32.const 1)
      (i32.const 20))
    drop))
