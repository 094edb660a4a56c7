;; creator.wat (the article calls it creator.wast) from the seed article:
;; creates the directory "wasi-folder" in the first preopen (fd 3), run as
;; `wasmtime creator.wat --dir=.`. The result is dropped, as in the article.
(module
  (import "wasi_unstable" "path_create_directory" (func $mkdir (param i32 i32 i32) (result i32)))

  (memory 1)
  (export "memory" (memory 0))

  (data (i32.const 12) "wasi-folder")

  (func $main (export "_start")
    (i32.store (i32.const 0) (i32.const 12))
    (i32.store (i32.const 4) (i32.const 20))

    (call $mkdir
      (i32.const 3)
      (i32.const 12)
      (i32.const 11))
    drop))
