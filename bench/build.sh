#!/bin/sh
# Builds bench/programs/*.c into bench/programs/wasm/*.wasm with Debian's
# clang-14 (wasm32-wasi, -O2) and binaryen's wasm-opt -O2 (which clang runs
# itself after linking when it finds it; here it is run explicitly so that the
# build does not depend on PATH and wasm-opt is told the features). Native
# builds are made by run.py into a temporary directory and are not committed.
# Idempotent; installs the toolchain if it is missing.
#
# Features: the WebAssembly 2.0 ones that clang 20 and later enable by default
# (bulk memory, non-trapping float-to-int, sign extension, mutable globals;
# clang-14's default is the 1.0 feature set). Bulk memory matters: with it,
# memcpy and memset of unknown size compile to memory.copy and memory.fill
# instead of calls to wasi-libc's byte loops.
set -eu
cd "$(dirname "$0")/programs"
if ! command -v clang-14 >/dev/null 2>&1 || ! test -f /usr/lib/wasm32-wasi/libc.a || \
   ! { command -v wasm-ld-14 >/dev/null 2>&1 || command -v wasm-ld >/dev/null 2>&1; }; then
  apt-get update
  apt-get install -y clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32
fi
command -v wasm-opt >/dev/null 2>&1 || { apt-get update; apt-get install -y binaryen; }
command -v gcc >/dev/null 2>&1 || { apt-get update; apt-get install -y gcc; }
features="-mbulk-memory -mnontrapping-fptoint -msign-ext -mmutable-globals"
wasm_opt_features="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals"
mkdir -p wasm
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for src in *.c; do
  name=${src%.c}
  # Compiled and linked in two steps: linking without -O keeps clang from running wasm-opt
  # (clang-14 would run it without the feature flags, and it would reject memory.copy).
  clang-14 --target=wasm32-wasi -O2 -Wall $features -c "$src" -o "$work/$name.o"
  clang-14 --target=wasm32-wasi $features -Wl,--strip-all "$work/$name.o" -o "$work/$name.wasm"
  wasm-opt "$work/$name.wasm" -O2 $wasm_opt_features -o "wasm/$name.wasm"
  echo "built programs/wasm/$name.wasm ($(wc -c < "wasm/$name.wasm") bytes)"
done
