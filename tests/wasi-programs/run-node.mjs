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
  const imports = wasi.getImportObject();
  let tcp = null, memory = null;
  if (c.tcp) {
    tcp = await tcpShim(c.tcp, 3 + Object.keys(c.preopens).length, () => memory);
    const ns = imports[unstable ? 'wasi_unstable' : 'wasi_snapshot_preview1'];
    // The native functions need their binding object as `this`.
    const orig = Object.fromEntries(Object.keys(ns).map(k => [k, ns[k].bind(ns)]));
    Object.assign(ns, tcp.wrap(orig));
  }
  let rc;
  try {
    const instance = await WebAssembly.instantiate(module, imports);
    memory = instance.exports.memory;
    rc = wasi.start(instance);
  } catch (e) {
    process.stderr.write(`trap: ${e && e.message}\n`);
    rc = 134;
  }
  if (tcp) process.stderr.write(`\n[tcp-reply] ${JSON.stringify(tcp.finish())}\n`);
  process.exitCode = rc;
}

// node:wasi has no sockets. This shim plays `--tcplisten`: a worker thread
// owns a listening TCP socket (guest fd `listenFd`) and a client that connects
// to it, sends `spec.send`, reads the reply until EOF and closes. The guest's
// sock_* calls (and fd_fdstat_get/fd_prestat_get/fd_close on those fds) block
// on Atomics.wait while the worker does the asynchronous socket work.
async function tcpShim(spec, listenFd, getMemory) {
  const { Worker } = await import('node:worker_threads');
  const ctrl = new Int32Array(new SharedArrayBuffer(64));
  const data = new Uint8Array(new SharedArrayBuffer(1 << 16));
  const reply = new Uint8Array(new SharedArrayBuffer(1 << 16));
  const worker = new Worker(`
    const { workerData: w } = require('node:worker_threads');
    const net = require('node:net');
    const { ctrl, data, reply, send } = w;
    const conns = [], waiters = [];
    const wake = () => { for (const f of waiters.splice(0)) f(); };
    const server = net.createServer(s => {
      const c = { s, buf: Buffer.alloc(0), eof: false };
      s.on('data', d => { c.buf = Buffer.concat([c.buf, d]); wake(); });
      s.on('end', () => { c.eof = true; wake(); });
      s.on('error', () => { c.eof = true; wake(); });
      conns.push(c); wake();
    });
    server.listen(0, '127.0.0.1', () => {
      const client = net.connect(server.address().port, '127.0.0.1', () => client.write(send));
      let got = Buffer.alloc(0);
      client.on('data', d => { got = Buffer.concat([got, d]); });
      client.on('end', () => { reply.set(got); Atomics.store(ctrl, 7, got.length); Atomics.store(ctrl, 6, 1); Atomics.notify(ctrl, 6); client.end(); });
    });
    let accepted = 0;
    const until = async cond => { while (!cond()) await new Promise(r => waiters.push(r)); };
    async function handle() {
      const op = ctrl[1], fd = ctrl[2], arg = ctrl[3];
      const c = conns[fd - 1000];
      let res = 0, len = 0;
      if (op === 1) { await until(() => conns.length > accepted); res = 1000 + accepted++; }
      else if (op === 2) {
        await until(() => c.buf.length > 0 || c.eof);
        len = Math.min(arg, c.buf.length); data.set(c.buf.subarray(0, len));
        if (!(ctrl[4] & 1)) c.buf = c.buf.subarray(len);
      } else if (op === 3) { c.s.write(Buffer.from(data.subarray(0, arg))); len = arg; }
      else if (op === 4) { if (arg & 2) c.s.end(); }
      else if (op === 5) { c.s.end(); }
      ctrl[4] = res; ctrl[5] = len;
      Atomics.store(ctrl, 0, 2); Atomics.notify(ctrl, 0);
    }
    (async () => { for (;;) {
      const r = Atomics.waitAsync(ctrl, 0, 0); if (r.async) await r.value;
      if (Atomics.load(ctrl, 0) === 1) await handle();
      if (Atomics.load(ctrl, 0) === 3) { server.close(); break; }
    } })();`, { eval: true, workerData: { ctrl, data, reply, send: spec.send } });
  const call = (op, fd, arg, flags = 0) => {
    ctrl[1] = op; ctrl[2] = fd; ctrl[3] = arg; ctrl[4] = flags;
    Atomics.store(ctrl, 0, 1); Atomics.notify(ctrl, 0);
    while (Atomics.load(ctrl, 0) === 1) Atomics.wait(ctrl, 0, 1, 10000);
    Atomics.store(ctrl, 0, 0);
    return [ctrl[4], ctrl[5]];
  };
  const socks = new Set([listenFd]);
  const dv = () => new DataView(getMemory().buffer);
  const iovs = (ptr, n) => { const v = dv(), r = []; for (let i = 0; i < n; i++) r.push([v.getUint32(ptr + 8 * i, true), v.getUint32(ptr + 8 * i + 4, true)]); return r; };
  // uvwasi's own sock_* crash node (SIGSEGV) when given a non-socket fd, so
  // the shim answers those itself: ENOTSOCK for stdio and preopens, else EBADF.
  const notSock = fd => (fd < listenFd ? 57 : 8);
  const wrap = orig => ({
    fd_fdstat_get(fd, p) {
      if (!socks.has(fd)) return orig.fd_fdstat_get(fd, p);
      const v = dv(); v.setUint8(p, 6); v.setUint16(p + 2, 0, true);
      const rights = (1n << 1n) | (1n << 6n) | (1n << 27n) | (1n << 28n) | (fd === listenFd ? 1n << 29n : 0n);
      v.setBigUint64(p + 8, rights, true); v.setBigUint64(p + 16, 0n, true); return 0;
    },
    fd_prestat_get(fd, p) { return socks.has(fd) ? 8 : orig.fd_prestat_get(fd, p); },
    fd_close(fd) { if (!socks.has(fd)) return orig.fd_close(fd); if (fd !== listenFd) call(5, fd, 0); socks.delete(fd); return 0; },
    sock_accept(fd, flags, p) {
      if (fd !== listenFd) return notSock(fd);
      const [nfd] = call(1, fd, 0); socks.add(nfd); dv().setUint32(p, nfd, true); return 0;
    },
    sock_recv(fd, ri, n, riflags, plen, pflags) {
      if (!socks.has(fd) || fd === listenFd) return notSock(fd);
      const vs = iovs(ri, n), cap = vs.reduce((a, [, l]) => a + l, 0);
      const [, len] = call(2, fd, Math.min(cap, data.length), riflags);
      const mem = new Uint8Array(getMemory().buffer);
      let off = 0; for (const [b, l] of vs) { const k = Math.min(l, len - off); mem.set(data.subarray(off, off + k), b); off += k; }
      dv().setUint32(plen, len, true); dv().setUint16(pflags, 0, true); return 0;
    },
    sock_send(fd, si, n, siflags, plen) {
      if (!socks.has(fd) || fd === listenFd) return notSock(fd);
      const mem = new Uint8Array(getMemory().buffer); let len = 0;
      for (const [b, l] of iovs(si, n)) { data.set(mem.subarray(b, b + l), len); len += l; }
      call(3, fd, len); dv().setUint32(plen, len, true); return 0;
    },
    sock_shutdown(fd, how) { if (!socks.has(fd) || fd === listenFd) return notSock(fd); call(4, fd, how); return 0; },
  });
  const finish = () => {
    Atomics.wait(ctrl, 6, 0, 5000);
    const r = Buffer.from(reply.subarray(0, ctrl[7])).toString('utf8');
    Atomics.store(ctrl, 0, 3); Atomics.notify(ctrl, 0); worker.unref();
    return r;
  };
  return { wrap, finish };
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
      wasm, preopens, env: c.env ?? {}, tcp: c.tcp,
      args: [path.basename(c.wasm), ...(c.args ?? [])],
    };
    const r = spawnSync(process.execPath, ['--no-warnings', fileURLToPath(import.meta.url), '--child', JSON.stringify(cfg)],
      { cwd: root, input: c.stdin ?? '', maxBuffer: 1 << 28 });
    const stdout = r.stdout.toString('latin1');
    let stderr = r.stderr.toString('utf8');
    let tcpReply = null;
    stderr = stderr.replace(/\n\[tcp-reply\] (.*)\n/, (_, j) => { tcpReply = JSON.parse(j); return ''; });
    const expStdout = 'expect_stdout' in n ? n.expect_stdout : c.expect_stdout;
    const expExit = 'expect_exit' in n ? n.expect_exit : (c.expect_exit ?? 0);
    const errs = [];
    // Expectations are Unicode strings; compare as UTF-8 bytes.
    const expBytes = Buffer.from(expStdout ?? '', 'utf8').toString('latin1');
    if (expStdout !== undefined && stdout !== expBytes) errs.push('stdout differs');
    if (r.status !== expExit) errs.push(`exit ${r.status} (signal ${r.signal}), expected ${expExit}`);
    if (c.tcp && tcpReply !== c.tcp.expect_reply) errs.push(`tcp reply ${JSON.stringify(tcpReply)}, expected ${JSON.stringify(c.tcp.expect_reply)}`);
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
