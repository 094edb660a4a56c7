# Writes src/unstable_{write,mkdir,seek,filestat}.wat: lays out their string
# tables (offsets and lengths) so the hand-written bodies can refer to them.
# The .wat files are the committed sources; rerun this after editing here.
import os
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

HELPERS = r'''
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
'''
def gen(name, header, imports, strings, body):
    off = 1024; subs = {}; data = []
    for k, t in strings:
        b = t.encode()
        subs[k] = f'(i32.const {off}) (i32.const {len(b)})'
        subs[k + '_p'] = str(off); subs[k + '_l'] = str(len(b))
        data.append((off, t, k)); off += len(b) + (8 - len(b) % 8)
    body = body.format(**subs)
    out = [header, '(module'] + ['  ' + i for i in imports]
    out.append('  (memory (export "memory") 1)')
    out.append('  (data (i32.const 100) "\\n")')
    for o, t, k in data:
        esc = ''.join(c if 32 <= ord(c) < 127 and c not in '"\\' else '\\%02x' % ord(c) for c in t)
        out.append(f'  (data (i32.const {o}) "{esc}")')
    out.append(HELPERS.rstrip())
    out.append(body.rstrip() + ')')
    open(f'{name}.wat', 'w').write('\n'.join(out) + '\n')

FDW = '(import "wasi_unstable" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))'
OPEN = '(import "wasi_unstable" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))'
ALLR = '(i64.const 0x1fffffff)'

gen('unstable_write', ''';; wasi_unstable fd_write: gathered iovecs (one of them empty), the returned
;; nwritten, fd_write to stderr, and EBADF (8) for an unknown fd.''',
 [FDW], [('a', 'gathered: '), ('b', 'one two\n'), ('nw', 'nwritten = '), ('err', 'to stderr\n'),
         ('ok', 'fd_write(2) errno = '), ('bad', 'fd_write(99) errno = ')],
 r'''
  (func (export "_start")
    ;; three iovecs at 200: "gathered: ", an empty one, "one two\n"
    (i32.store (i32.const 200) (i32.const {a_p}))
    (i32.store (i32.const 204) (i32.const {a_l}))
    (i32.store (i32.const 208) (i32.const 0))
    (i32.store (i32.const 212) (i32.const 0))
    (i32.store (i32.const 216) (i32.const {b_p}))
    (i32.store (i32.const 220) (i32.const {b_l}))
    (drop (call $fd_write (i32.const 1) (i32.const 200) (i32.const 3) (i32.const 240)))
    (call $line {nw} (i32.load (i32.const 240)))
    (i32.store (i32.const 200) (i32.const {err_p}))
    (i32.store (i32.const 204) (i32.const {err_l}))
    (call $line {ok} (call $fd_write (i32.const 2) (i32.const 200) (i32.const 1) (i32.const 240)))
    (call $line {bad} (call $fd_write (i32.const 99) (i32.const 200) (i32.const 1) (i32.const 240))))
''')

gen('unstable_mkdir', ''';; wasi_unstable path_create_directory in the first preopen (fd 3), printing
;; each errno: a new directory (0), the same again (EEXIST 20), "../escape"
;; (ENOTCAPABLE 76, as in the seed article), an empty path (ENOENT 44, as in
;; the article), invalid UTF-8 (EILSEQ 25, as in the article), a nested one.''',
 [FDW, '(import "wasi_unstable" "path_create_directory" (func $mkdir (param i32 i32 i32) (result i32)))'],
 [('d', 'newdir'), ('esc', '../escape'), ('bad', '\xff\xfe'), ('nest', 'newdir/inner'),
  ('l1', 'mkdir newdir: '), ('l2', 'mkdir newdir again: '), ('l3', 'mkdir ../escape: '),
  ('l4', 'mkdir "": '), ('l5', 'mkdir invalid UTF-8: '), ('l6', 'mkdir newdir/inner: '), ('l7', 'mkdir on fd 99: ')],
 r'''
  (func (export "_start")
    (call $line {l1} (call $mkdir (i32.const 3) {d}))
    (call $line {l2} (call $mkdir (i32.const 3) {d}))
    (call $line {l3} (call $mkdir (i32.const 3) {esc}))
    (call $line {l4} (call $mkdir (i32.const 3) (i32.const {d_p}) (i32.const 0)))
    (call $line {l5} (call $mkdir (i32.const 3) (i32.const {bad_p}) (i32.const 2)))
    (call $line {l6} (call $mkdir (i32.const 3) {nest}))
    (call $line {l7} (call $mkdir (i32.const 99) {d})))
''')

SEEK = '(import "wasi_unstable" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))'
gen('unstable_seek', ''';; wasi_unstable fd_seek with the old whence numbering: CUR = 0, END = 1,
;; SET = 2 (wasi_snapshot_preview1 has SET = 0, CUR = 1, END = 2). Creates
;; seek.txt = "0123456789" in the first preopen (fd 3) and moves around in it.''',
 [FDW, OPEN, SEEK,
  '(import "wasi_unstable" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))',
  '(import "wasi_unstable" "fd_tell" (func $fd_tell (param i32 i32) (result i32)))'],
 [('name', 'seek.txt'), ('digits', '0123456789'),
  ('l0', 'path_open errno: '), ('l1', 'fd_seek(2, whence 2 = SET) -> '), ('l2', 'fd_seek(3, whence 0 = CUR) -> '),
  ('l3', 'fd_seek(-1, whence 1 = END) -> '), ('l4', 'fd_read 1 byte, char code: '), ('l5', 'fd_tell -> '),
  ('l6', 'fd_seek(0, whence 3) errno: '), ('l7', 'fd_seek(-4, whence 0 = CUR) -> ')],
 r'''
  (global $fd (mut i32) (i32.const 0))
  ;; fd_seek and print the new offset (or the errno, negated)
  (func $seek (param $lp i32) (param $ll i32) (param $off i64) (param $whence i32)
    (local $e i32)
    (local.set $e (call $fd_seek (global.get $fd) (local.get $off) (local.get $whence) (i32.const 304)))
    (call $line (local.get $lp) (local.get $ll)
      (if (result i32) (local.get $e)
        (then (i32.sub (i32.const 0) (local.get $e)))
        (else (i32.wrap_i64 (i64.load (i32.const 304)))))))
  (func (export "_start")
    ;; oflags CREAT|TRUNC = 1|8; rights FD_READ|FD_SEEK|FD_TELL|FD_WRITE|FD_FILESTAT_GET
    (call $line {l0} (call $path_open (i32.const 3) (i32.const 1) {name} (i32.const 9)
      (i64.const 0x200066) (i64.const 0) (i32.const 0) (i32.const 300)))
    (global.set $fd (i32.load (i32.const 300)))
    (i32.store (i32.const 200) (i32.const {digits_p}))
    (i32.store (i32.const 204) (i32.const {digits_l}))
    (drop (call $fd_write (global.get $fd) (i32.const 200) (i32.const 1) (i32.const 240)))
    (call $seek {l1} (i64.const 2) (i32.const 2))
    (call $seek {l2} (i64.const 3) (i32.const 0))
    (call $seek {l3} (i64.const -1) (i32.const 1))
    (i32.store (i32.const 200) (i32.const 320))
    (i32.store (i32.const 204) (i32.const 1))
    (drop (call $fd_read (global.get $fd) (i32.const 200) (i32.const 1) (i32.const 240)))
    (call $line {l4} (i32.load8_u (i32.const 320)))
    (drop (call $fd_tell (global.get $fd) (i32.const 304)))
    (call $line {l5} (i32.wrap_i64 (i64.load (i32.const 304))))
    (call $line {l6} (call $fd_seek (global.get $fd) (i64.const 0) (i32.const 3) (i32.const 304)))
    (call $seek {l7} (i64.const -4) (i32.const 0)))
''')

gen('unstable_filestat', ''';; wasi_unstable fd_filestat_get / path_filestat_get: the 56-byte filestat of
;; wasi_unstable (dev u64 @0, ino u64 @8, filetype u8 @16, nlink u32 @20,
;; size u64 @24, atim @32, mtim @40, ctim @48), not preview1's 64-byte one
;; (nlink u64 @24, size @32). Canary bytes right after the 56 bytes must
;; survive. Reads data.txt (13 bytes) in the first preopen (fd 3).''',
 [FDW, OPEN,
  '(import "wasi_unstable" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))',
  '(import "wasi_unstable" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))'],
 [('name', 'data.txt'), ('dot', '.'),
  ('l0', 'path_open errno: '), ('l1', 'fd_filestat_get errno: '), ('ft', '  filetype (4 = regular file): '),
  ('nl', '  nlink (u32 at 20): '), ('sz', '  size (u64 at 24): '), ('can', '  canary after byte 56 intact (1 = yes): '),
  ('mt', '  mtim after 2020 (1 = yes): '), ('l2', 'path_filestat_get errno: '), ('l3', 'path_filestat_get(.) filetype (3 = directory): ')],
 r'''
  ;; fill 512..584 with 0xAA, then report the filestat at 512
  (func $canary
    (memory.fill (i32.const 512) (i32.const 0xAA) (i32.const 72)))
  (func $show
    (call $line {ft} (i32.load8_u (i32.const 528)))
    (call $line {nl} (i32.load (i32.const 532)))
    (call $line {sz} (i32.wrap_i64 (i64.load (i32.const 536))))
    (call $line {mt} (i64.gt_u (i64.load (i32.const 552)) (i64.const 1577836800000000000)))
    (call $line {can} (i64.eq (i64.load (i32.const 568)) (i64.const 0xAAAAAAAAAAAAAAAA))))
  (func (export "_start")
    (call $line {l0} (call $path_open (i32.const 3) (i32.const 1) {name} (i32.const 0)
      (i64.const 0x200066) (i64.const 0) (i32.const 0) (i32.const 300)))
    (call $canary)
    (call $line {l1} (call $fd_filestat_get (i32.load (i32.const 300)) (i32.const 512)))
    (call $show)
    (call $canary)
    (call $line {l2} (call $path_filestat_get (i32.const 3) (i32.const 1) {name} (i32.const 512)))
    (call $show)
    (call $canary)
    (drop (call $path_filestat_get (i32.const 3) (i32.const 1) {dot} (i32.const 512)))
    (call $line {l3} (i32.load8_u (i32.const 528))))
''')
