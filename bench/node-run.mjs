// Runs a wasm32-wasi command module under node's WASI (V8):
//   node --no-warnings node-run.mjs module.wasm [args...]
// No preopens, empty environment; exits with the module's exit status.
// Imports node:wasi but not node:process (which would make stdout
// non-blocking and lose large writes); `process` is the global.
import { WASI } from 'node:wasi';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const [file, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: [basename(file), ...args], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
