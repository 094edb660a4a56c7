#!/bin/sh
# Runs the fetched Yosys under node's WASI: synthesizes alu.v (or $1) to gates
# and prints the statistics and the time taken. Preopens: /share (Yosys data),
# /work (this folder, for the design and the output), /tmp (scratch for ABC).
#   bench/large/run-node.sh [design.v [top]]
set -eu
cd "$(dirname "$0")"
[ -f yosys/yosys.core.wasm ] || ./fetch.sh
design=${1:-alu.v}; top=${2:-$(basename "$design" .v)}
mkdir -p tmp
start=$(date +%s.%N)
node --no-warnings --input-type=module - yosys/yosys.core.wasm -q -p "read_verilog /work/$design; synth -top $top; tee -o /work/stat.txt stat" <<'JS'
import { WASI } from 'node:wasi';
import fs from 'node:fs';
const [file, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: ['yosys', ...args], env: {}, returnOnExit: true,
  preopens: { '/share': 'yosys/share', '/work': '.', '/tmp': 'tmp' } });
const t0 = performance.now();
const module = await WebAssembly.compile(fs.readFileSync(file));
const t1 = performance.now();
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
// Yosys closes fd 2 when it exits (and uvwasi really closes node's), so report now.
process.stderr.write(`node: WebAssembly.compile + instantiate ${(performance.now() - t0).toFixed(0)} ms (compile ${(t1 - t0).toFixed(0)} ms)\n`);
process.exitCode = wasi.start(instance);
JS
end=$(date +%s.%N)
grep -E 'Number of cells|===' stat.txt
echo "wall: $(echo "$end - $start" | bc) s"
