#!/bin/sh
# Fetches a large real WASI program for start-up and compile-time tests:
# Yosys 0.55 (Verilog synthesis) built for wasm32-wasi by the YoWASP project,
# npm package @yowasp/yosys. Its yosys.core.wasm is a plain
# wasi_snapshot_preview1 command (exports _start and memory, imports 23 WASI
# functions and nothing else) of 30.8 MB, of which 27.8 MB is code (34,004
# functions). Nothing fetched here is committed (see .gitignore).
#
#   bench/large/fetch.sh        -> bench/large/yosys/{yosys.core.wasm,share/}
set -eu
cd "$(dirname "$0")"
VERSION=0.55.944
if [ ! -f yosys/yosys.core.wasm ]; then
  rm -rf yosys pkg && mkdir -p yosys pkg
  (cd pkg && npm pack --silent "@yowasp/yosys@$VERSION" >/dev/null)
  tar xzf pkg/yowasp-yosys-$VERSION.tgz -C pkg
  cp pkg/package/gen/yosys.core.wasm yosys/
  # share/ (techmap.v, simlib.v, ...) is embedded in the package's JavaScript.
  node extract-share.mjs pkg/package/gen/resources-yosys.js yosys
  rm -rf pkg
fi
ls -l yosys/yosys.core.wasm
