;; Writes a line, then recurses without bound. The runtime must turn call-stack
;; exhaustion into a trap (exit status 134), not crash the host process, and
;; the line written before must not be lost.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "about to recurse forever\n")
  (func $deep (param $n i32) (result i32)
    (i32.add
      (call $deep (i32.add (local.get $n) (i32.const 1)))
      (local.get $n)))
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 25))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (call $deep (i32.const 0)))))
