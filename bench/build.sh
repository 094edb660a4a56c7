#!/bin/sh
# Builds bench/programs/*.c into bench/programs/wasm/*.wasm with Debian's
# clang-14 (wasm32-wasi, -O2). Native builds are made by run.py into a
# temporary directory and are not committed. Idempotent; installs the
# toolchain if it is missing.
set -eu
cd "$(dirname "$0")/programs"
if ! command -v clang-14 >/dev/null 2>&1 || ! test -f /usr/lib/wasm32-wasi/libc.a || \
   ! { command -v wasm-ld-14 >/dev/null 2>&1 || command -v wasm-ld >/dev/null 2>&1; }; then
  apt-get update
  apt-get install -y clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32
fi
command -v gcc >/dev/null 2>&1 || { apt-get update; apt-get install -y gcc; }
mkdir -p wasm
for src in *.c; do
  name=${src%.c}
  clang-14 --target=wasm32-wasi -O2 -Wall -Wl,--strip-all "$src" -o "wasm/$name.wasm"
  echo "built programs/wasm/$name.wasm ($(wc -c < "wasm/$name.wasm") bytes)"
done
