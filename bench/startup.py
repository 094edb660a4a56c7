#!/usr/bin/env python3
"""Start-up and large-module benchmark: how long until a program's first output, and in total,
for hello (bench/programs) and, with --large, Yosys (bench/large, 27.8 MB of code: run
bench/large/fetch.sh first). Engines: native (hello only), node (V8, node:wasi) and sharptime in
its four ways of getting code:

  first run     the compile cache is empty (a fresh SHARPTIME_CACHE_DIR each run): decode,
                validate, generate code, and store it in the cache (a large module's entry is
                stored by a background process that outlives the run: it is stopped after each
                timed first run, so that its work does not fall on the next samples)
  cached        the cache already holds the module (the usual case from the second run on); for
                a large module that is native code, once the background process is done (the
                script waits for it and says how long it took)
  cached IL     (large modules) the cache holds IL only ("cache": {"native": false})
  no cache      --cache false: generate code every time, store nothing
  precompiled   `sharptime compile` once beforehand, then `run --allow-precompiled FILE.cwasm`

  bench/startup.py [--runs N] [--sharptime PATH] [--standalone PATH] [--large] [--synth] [--no-precompiled]

--standalone names a standalone build (self-contained, composite ReadyToRun: see
src/Sharptime.Cli/README.md) to time beside it, cached and without the cache.

--synth adds Yosys synthesizing bench/large/alu.v (a run of many seconds: one run per engine
unless --runs says more). Reports medians of time to first output (wall clock), total wall clock
and CPU time (user+sys of the child and its threads, from wait4).
"""
import argparse, glob, os, select, shutil, signal, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
LARGE = os.path.join(HERE, 'large')
YOSYS = os.path.join(LARGE, 'yosys', 'yosys.core.wasm')
SYNTH_ARGS = ['-q', '-p', 'read_verilog /work/alu.v; synth -top alu; tee -q -o /work/stat.txt stat']
PREOPENS = ['yosys/share::/share', '.::/work', 'tmp::/tmp']


def run_once(cmd, env=None, cwd=None):
    """Runs cmd; returns (exit code, stdout bytes, seconds to first output byte, wall, cpu)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
    first, out, streams = None, bytearray(), [p.stdout, p.stderr]
    while streams:
        ready, _, _ = select.select(streams, [], [])
        for s in ready:
            chunk = os.read(s.fileno(), 65536)
            if not chunk:
                streams.remove(s)
                continue
            if first is None:
                first = time.perf_counter() - t0
            if s is p.stdout:
                out += chunk
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, bytes(out), first if first is not None else wall, wall, usage.ru_utime + usage.ru_stime


def stop_background(cache_dir):
    """Stops the background store a first run of a large module started (Loading/DetachedCacheStore.cs).
    It marks its work with ENTRY.pending holding its process id, after the run left ENTRY.PID.wasm;
    it runs in a session of its own, so its process group includes crossgen2."""
    deadline = time.time() + 10
    while time.time() < deadline:
        pending = glob.glob(os.path.join(cache_dir, '*.pending'))
        if pending:
            try:
                os.killpg(int(open(pending[0]).read().strip()), signal.SIGKILL)
            except (OSError, ValueError):
                pass
            return
        if not glob.glob(os.path.join(cache_dir, '*.wasm')):
            return  # nothing was started: a small module's entry is written by the run itself
        time.sleep(0.02)


def wait_background(cache_dir, label):
    """Waits until the background store of cache_dir is done; reports how long it took."""
    t0 = time.time()
    while glob.glob(os.path.join(cache_dir, '*.wasm')) or glob.glob(os.path.join(cache_dir, '*.pending')):
        time.sleep(0.5)
    if time.time() - t0 > 1:
        print(f'{label:18} background store of the cache entry done after {time.time() - t0:.0f}s more', file=sys.stderr, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--sharptime', default=os.environ.get('SHARPTIME'))
    ap.add_argument('--no-precompiled', action='store_true', help='skip `sharptime compile` (Yosys: minutes) and the precompiled runs')
    ap.add_argument('--standalone', help='a standalone build of sharptime, timed cached and with --cache false')
    ap.add_argument('--large', action='store_true', help='also Yosys -V (start-up of a 27.8 MB module)')
    ap.add_argument('--synth', action='store_true', help='also a Yosys synthesis run')
    a = ap.parse_args()
    if (a.large or a.synth) and not os.path.exists(YOSYS):
        sys.exit('bench/large/yosys/yosys.core.wasm is missing: run bench/large/fetch.sh')

    work = tempfile.mkdtemp(prefix='sharptime-startup-')
    warm_cache = os.path.join(work, 'cache')
    os.makedirs(os.path.join(LARGE, 'tmp'), exist_ok=True)
    hello = os.path.join(HERE, 'programs', 'wasm', 'hello.wasm')
    subprocess.run(['gcc', '-O2', '-o', os.path.join(work, 'hello'), os.path.join(HERE, 'programs', 'hello.c')], check=True)

    # (program label, wasm, guest args, cwd, preopens, runs)
    programs = [('hello', hello, [], None, [], a.runs)]
    if a.large:
        programs.append(('yosys -V', YOSYS, ['-V'], LARGE, [], a.runs))
    if a.synth:
        programs.append(('yosys synth alu.v', YOSYS, SYNTH_ARGS, LARGE, PREOPENS, max(1, a.runs if a.runs < 5 else 1)))

    rows = []
    for label, wasm, args, cwd, dirs, runs in programs:
        cases = []
        if label == 'hello':
            cases.append(('native', lambda i: ([os.path.join(work, 'hello')], None)))
        node_dirs = [x for d in dirs for x in ('--dir', d)]
        cases.append(('node', lambda i: (['node', '--no-warnings', os.path.join(HERE, 'node-run.mjs')] + node_dirs + [wasm] + args, None)))
        if a.sharptime:
            st_dirs = [x for d in dirs for x in ('--dir', d)]
            def st(extra, cache_dir, target=wasm, config=None):
                env = dict(os.environ, SHARPTIME_CACHE_DIR=cache_dir)
                if config:
                    env['SHARPTIME_CONFIG'] = config
                return [a.sharptime, 'run'] + extra + st_dirs + [target] + args, env
            cases.append(('sharptime first run', lambda i: st([], os.path.join(work, f'cold-{label}-{i}'))))
            cases.append(('sharptime cached', lambda i: st([], warm_cache)))
            if os.path.getsize(wasm) >= 1 << 20:
                il_config = os.path.join(work, 'il-cache.json')
                with open(il_config, 'w') as f:
                    f.write('{ "cache": { "native": false } }')
                il_cache = os.path.join(work, 'il-cache')
                cases.append(('sharptime cached IL', lambda i: st([], il_cache, config=il_config)))
            cases.append(('sharptime no cache', lambda i: st(['--cache', 'false'], warm_cache)))
            if a.standalone:
                def standalone(extra):
                    return [a.standalone, 'run'] + extra + st_dirs + [wasm] + args, dict(os.environ, SHARPTIME_CACHE_DIR=warm_cache)
                cases.append(('standalone cached', lambda i: standalone([])))
                cases.append(('standalone no cache', lambda i: standalone(['--cache', 'false'])))
            cwasm = os.path.join(work, os.path.basename(wasm) + '.cwasm')
            t0 = time.perf_counter()
            c = None if a.no_precompiled else subprocess.run([a.sharptime, 'compile', wasm, '-o', cwasm], capture_output=True)
            if c is None:
                pass
            elif c.returncode != 0:
                print(f'sharptime compile {label} failed: {c.stderr.decode(errors="replace")[:300]}', file=sys.stderr)
            else:
                print(f'{label:18} sharptime compile: {time.perf_counter() - t0:.2f}s, {os.path.getsize(cwasm) / 1e6:.1f} MB',
                      file=sys.stderr, flush=True)
                cases.append(('sharptime precompiled', lambda i: st(['--allow-precompiled'], warm_cache, cwasm)))
        ref, checked = None, []
        for engine, make in cases:
            cmd, env = make(-1)
            rc, out, *_ = run_once(cmd, env, cwd)  # untimed: checks the output, fills the warm cache
            if engine.endswith('first run'):
                stop_background(env['SHARPTIME_CACHE_DIR'])
            elif engine.startswith('sharptime cached'):
                wait_background(env['SHARPTIME_CACHE_DIR'], f'{label} ({engine})')
            if rc != 0 or (ref is not None and out != ref):
                print(f'{label} under {engine}: exit {rc}, output {out[:80]!r}', file=sys.stderr)
                continue
            ref = ref or out
            checked.append((engine, make))
        # Round-robin: the i-th run of every engine back to back, so a change in the machine's load
        # during the benchmark falls on all engines alike and the ratios hold.
        samples = {engine: [] for engine, _ in checked}
        for i in range(runs):
            for engine, make in checked:
                cmd, env = make(i)
                samples[engine].append(run_once(cmd, env, cwd)[2:])
                if engine.endswith('first run'):
                    stop_background(env['SHARPTIME_CACHE_DIR'])
        for engine, _ in checked:
            med = [statistics.median(s[k] for s in samples[engine]) for k in range(3)]
            rows.append((label, engine, *med))
            print(f'{label:18} {engine:22} first output {med[0]:.3f}s total {med[1]:.3f}s cpu {med[2]:.3f}s',
                  file=sys.stderr, flush=True)
    shutil.rmtree(work, ignore_errors=True)

    print(f'\n### Start-up (medians of {a.runs} runs; seconds)\n')
    print('| program | engine | first output | total wall | CPU | CPU vs node |')
    print('|---|---|---:|---:|---:|---:|')
    for label, engine, first, wall, cpu in rows:
        node = next((r for r in rows if r[0] == label and r[1] == 'node'), None)
        ratio = f'{cpu / node[4]:.2f}x' if node and node[4] > 0 else '–'
        print(f'| {label} | {engine} | {first:.3f} | {wall:.3f} | {cpu:.3f} | {ratio} |')


if __name__ == '__main__':
    main()
