// Runs the expectation files in expect/*.json under node's WASI (V8) and
// compares stdout, exit code and after-run checks with the expectations.
//
//   node run-node.mjs [--print] [--keep] [NAME ...]
//
// NAME filters expectation files by basename (without .json).
// --print  also prints the actual stdout of each case as a JSON string.
// --keep   keeps the scratch directories (their paths are printed).
// --bless  writes node's actual stdout and exit code into the case's
//          expect_stdout/expect_exit (for writing new cases; review the diff:
//          where node is wrong, move its output to the "node" object and
//          write Sharptime's expected output by hand).
//
// A case's "node" object overrides expect_stdout / expect_exit where node's
// WASI (uvwasi) legitimately differs from Sharptime's semantics, or skips the
// case ("skip": "reason"). See README.md.
//
// Per the design notes this file imports node:wasi (in the child) but NOT node:process
// (importing it makes stdout non-blocking and loses large writes); `process`
// is used as the global.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

if (process.argv[2] === '--child') {
  await child(JSON.parse(process.argv[3]));
} else {
  main();
}

// Child mode: instantiate and run one module; cwd is the scratch directory.
async function child(c) {
  const { WASI } = await import('node:wasi');
  const bytes = fs.readFileSync(c.wasm);
  const module = await WebAssembly.compile(bytes);
  const unstable = WebAssembly.Module.imports(module).some(i => i.module === 'wasi_unstable');
  const wasi = new WASI({
    version: unstable ? 'unstable' : 'preview1',
    args: c.args, env: c.env, preopens: c.preopens, returnOnExit: true,
  });
  let rc;
  try {
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    rc = wasi.start(instance);
  } catch (e) {
    process.stderr.write(`trap: ${e && e.message}\n`);
    rc = 134;
  }
  process.exitCode = rc;
}

function setupOp(root, op) {
  const p = path.join(root, op.path);
  switch (op.op) {
    case 'mkdir': fs.mkdirSync(p, { recursive: true }); break;
    case 'write':
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, op.content ?? '');
      break;
    case 'symlink': fs.symlinkSync(op.absolute ? path.join(root, op.target) : op.target, p); break;
    default: throw new Error(`unknown setup op ${op.op}`);
  }
}

function checkOp(root, op) {
  const p = path.join(root, op.path);
  let st = null;
  try { st = fs.lstatSync(p); } catch { }
  switch (op.op) {
    case 'absent': return st === null ? null : `${op.path} exists`;
    case 'exists': {
      if (!st) return `${op.path} missing`;
      const t = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
      return !op.type || op.type === t ? null : `${op.path} is ${t}, expected ${op.type}`;
    }
    case 'content': {
      if (!st) return `${op.path} missing`;
      const got = fs.readFileSync(p, 'utf8');
      return got === op.content ? null : `${op.path} content ${JSON.stringify(got)} != ${JSON.stringify(op.content)}`;
    }
    default: return `unknown check op ${op.op}`;
  }
}

function main() {
  const flags = process.argv.slice(2).filter(a => a.startsWith('--'));
  const names = process.argv.slice(2).filter(a => !a.startsWith('--'));
  const print = flags.includes('--print'), keep = flags.includes('--keep'), bless = flags.includes('--bless');
  const dir = path.join(here, 'expect');
  let files = fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort();
  if (names.length) files = files.filter(f => names.includes(f.slice(0, -5)));
  let pass = 0, fail = 0, skip = 0;
  for (const f of files) {
    const name = f.slice(0, -5);
    const c = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    const n = c.node ?? {};
    if (n.skip) { console.log(`SKIP ${name}: ${n.skip}`); skip++; continue; }
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `wasi-${name}-`));
    const preopens = {};
    for (const d of c.dirs ?? []) {
      fs.mkdirSync(path.join(root, d.host), { recursive: true });
      preopens[d.guest] = path.join(root, d.host);
    }
    for (const op of c.setup ?? []) setupOp(root, op);
    const wasm = path.join(here, c.wasm);
    const cfg = {
      wasm, preopens, env: c.env ?? {},
      args: [path.basename(c.wasm), ...(c.args ?? [])],
    };
    const r = spawnSync(process.execPath, ['--no-warnings', fileURLToPath(import.meta.url), '--child', JSON.stringify(cfg)],
      { cwd: root, input: c.stdin ?? '', maxBuffer: 1 << 28 });
    const stdout = r.stdout.toString('latin1');
    const stderr = r.stderr.toString('utf8');
    const expStdout = 'expect_stdout' in n ? n.expect_stdout : c.expect_stdout;
    const expExit = 'expect_exit' in n ? n.expect_exit : (c.expect_exit ?? 0);
    const errs = [];
    // Expectations are Unicode strings; compare as UTF-8 bytes.
    const expBytes = Buffer.from(expStdout ?? '', 'utf8').toString('latin1');
    if (expStdout !== undefined && stdout !== expBytes) errs.push('stdout differs');
    if (r.status !== expExit) errs.push(`exit ${r.status} (signal ${r.signal}), expected ${expExit}`);
    const esc = 'expect_stderr_contains' in n ? n.expect_stderr_contains : c.expect_stderr_contains;
    if (esc && !stderr.includes(esc)) errs.push(`stderr lacks ${JSON.stringify(esc)}`);
    for (const op of ('check_after' in n ? n.check_after : c.check_after) ?? []) {
      const e = checkOp(root, op); if (e) errs.push(e);
    }
    if (errs.length) {
      fail++;
      console.log(`FAIL ${name}: ${errs.join('; ')}`);
      if (errs.includes('stdout differs')) {
        const a = Buffer.from(stdout, 'latin1').toString('utf8').split('\n'), b = (expStdout ?? '').split('\n');
        for (let i = 0; i < Math.max(a.length, b.length); i++)
          if (a[i] !== b[i]) { console.log(`  line ${i + 1}: got ${JSON.stringify(a[i])} expected ${JSON.stringify(b[i])}`); break; }
      }
      if (stderr) console.log('  stderr: ' + stderr.trim().split('\n').slice(0, 5).join('\n  stderr: '));
    } else { pass++; console.log(`PASS ${name}${n.expect_stdout !== undefined || n.expect_exit !== undefined ? ' (node-specific expectation)' : ''}`); }
    if (print) console.log(`  actual stdout: ${JSON.stringify(Buffer.from(stdout, 'latin1').toString('utf8'))}\n  exit: ${r.status}\n  stderr: ${JSON.stringify(stderr)}`);
    if (bless && !n.expect_stdout && n.expect_exit === undefined) {
      c.expect_stdout = Buffer.from(stdout, 'latin1').toString('utf8');
      c.expect_exit = r.status;
      fs.writeFileSync(path.join(dir, f), JSON.stringify(c, null, 2) + '\n');
      console.log(`  blessed ${f}`);
    }
    if (keep) console.log(`  scratch: ${root}`); else fs.rmSync(root, { recursive: true, force: true });
  }
  console.log(`\n${pass} passed, ${fail} failed, ${skip} skipped`);
  process.exitCode = fail ? 1 : 0;
}
