#!/bin/sh
# Rebuilds every test program in src/ into wasm/. Idempotent; installs the
# Debian toolchain first if a tool is missing (needs root and the Debian
# mirror). Usage: ./build.sh [NAME ...]   (default: everything)
set -eu
cd "$(dirname "$0")"

need() { command -v "$1" >/dev/null 2>&1; }
if ! need clang-14 || ! need wat2wasm || ! test -x /usr/bin/rustc || \
   ! test -d /usr/lib/rustlib/wasm32-wasi || ! test -f /usr/lib/wasm32-wasi/libc.a || \
   ! { need wasm-ld-14 || need wasm-ld; }; then
  apt-get update
  apt-get install -y clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32 \
    rustc libstd-rust-dev-wasm32 wabt
fi

CC="clang-14 --target=wasm32-wasi -O2 -Wall -Wl,--strip-all"
# Debian's rustc 1.63 (not a rustup toolchain that may be first on PATH);
# its target is called wasm32-wasi (wasm32-wasip1 in later releases).
RUSTC="/usr/bin/rustc --target wasm32-wasi -O -C strip=symbols --edition 2021"

mkdir -p wasm
build() {
  src=$1; name=${src%.*}; name=${name#src/}
  case "$src" in
    *.c)   $CC "$src" -o "wasm/$name.wasm" ;;
    *.rs)  $RUSTC "$src" -o "wasm/$name.wasm" ;;
    *.wat) wat2wasm "$src" -o "wasm/$name.wasm" ;;
  esac
  echo "built wasm/$name.wasm ($(wc -c < "wasm/$name.wasm") bytes)"
}

if [ $# -gt 0 ]; then
  for n in "$@"; do for s in src/"$n".c src/"$n".rs src/"$n".wat; do
    if [ -f "$s" ]; then build "$s"; fi; done; done
else
  for s in src/*.c src/*.rs src/*.wat; do if [ -f "$s" ]; then build "$s"; fi; done
fi
