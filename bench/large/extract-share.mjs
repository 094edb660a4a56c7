// Writes the `filesystem` tree that a YoWASP package embeds in its
// gen/resources-*.js (Yosys share/ files: techmap.v, cells_sim.v, ...) to disk:
//   node extract-share.mjs path/to/resources-yosys.js OUTDIR
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
const [resources, out] = process.argv.slice(2);
const { filesystem } = await import(pathToFileURL(path.resolve(resources)));
let n = 0;
async function write(node, dir) {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, v] of Object.entries(node)) {
    const p = path.join(dir, name);
    if (typeof v === 'string') { fs.writeFileSync(p, v); n++; }
    else if (v instanceof URL) { fs.copyFileSync(fileURLToPath(v), p); n++; }
    else if (v instanceof Uint8Array) { fs.writeFileSync(p, v); n++; }
    else if (v && typeof v === 'object') await write(v, p);
    else throw new Error(`unknown entry ${p}: ${typeof v}`);
  }
}
await write(filesystem, out);
console.log(`${n} files written under ${out}`);
