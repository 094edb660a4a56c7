// Runs a wasm32-wasi command module under node's WASI (V8):
//   node --no-warnings node-run.mjs [--dir HOST::GUEST]... module.wasm [args...]
// Preopens only what --dir names (as sharptime's option of that name), empty
// environment; exits with the module's exit status. Imports node:wasi but not
// node:process (which would make stdout non-blocking and lose large writes);
// `process` is the global.
import { WASI } from 'node:wasi';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const argv = process.argv.slice(2);
const preopens = {};
while (argv[0] === '--dir') {
  const [host, guest] = argv[1].split('::');
  preopens[guest ?? host] = host;
  argv.splice(0, 2);
}
const [file, ...args] = argv;
const wasi = new WASI({ version: 'preview1', args: [basename(file), ...args], env: {}, returnOnExit: true, preopens });
const module = await WebAssembly.compile(readFileSync(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
