#!/usr/bin/env python3
"""Runs the benchmark programs natively (gcc -O2), under node (V8, node:wasi)
and, when given a sharptime binary, under `sharptime run`; checks that every
engine prints the same checksum; prints Markdown tables of median times and
ratios with geometric means.

  bench/run.py [--runs N] [--sharptime PATH] [--only a,b,...] [--no-native] [--no-node]

PATH may also come from the SHARPTIME environment variable. Each program is
run once untimed (output check, warm file cache), then N times. Two metrics
are reported: wall-clock time and CPU time (user+sys of the child, from
getrusage), which is the steadier one on a loaded machine. `hello` measures
start-up and is left out of the geometric means.
"""
import argparse, os, resource, shutil, statistics, subprocess, sys, tempfile, time
from math import exp, log

HERE = os.path.dirname(os.path.abspath(__file__))
PROGS = os.path.join(HERE, 'programs')
STARTUP = {'hello'}


def run_once(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return p.returncode, p.stdout, p.stderr, wall, cpu


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return exp(sum(log(x) for x in xs) / len(xs)) if xs else None


def fmt(x, ratio=False):
    if x is None:
        return '–'
    return f'{x:.2f}x' if ratio else f'{x:.3f}'


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--sharptime', default=os.environ.get('SHARPTIME'))
    ap.add_argument('--only', default='')
    ap.add_argument('--no-native', action='store_true')
    ap.add_argument('--no-node', action='store_true')
    a = ap.parse_args()

    names = sorted(f[:-2] for f in os.listdir(PROGS) if f.endswith('.c'))
    if a.only:
        names = [n for n in names if n in a.only.split(',')]
    engines = []
    tmp = tempfile.mkdtemp(prefix='sharptime-bench-')
    if not a.no_native:
        engines.append('native')
        for n in names:
            subprocess.run(['gcc', '-O2', '-o', os.path.join(tmp, n), os.path.join(PROGS, n + '.c'), '-lm'], check=True)
    if not a.no_node:
        engines.append('node')
    if a.sharptime:
        engines.append('sharptime')

    def cmd(engine, n):
        wasm = os.path.join(PROGS, 'wasm', n + '.wasm')
        if engine == 'native':
            return [os.path.join(tmp, n)]
        if engine == 'node':
            return ['node', '--no-warnings', os.path.join(HERE, 'node-run.mjs'), wasm]
        return [a.sharptime, 'run', wasm]

    res = {}  # (name, engine) -> (wall median, cpu median)
    failures = []
    for n in names:
        ref, checked = None, []
        for e in engines:
            rc, out, err, _, _ = run_once(cmd(e, n))
            if rc != 0:
                failures.append(f'{n} under {e}: exit {rc}: {err.decode(errors="replace").strip()[:200]}')
                continue
            if ref is None:
                ref = out
            elif out != ref:
                failures.append(f'{n} under {e}: output {out[:80]!r} differs from {ref[:80]!r}')
                continue
            checked.append(e)
        # Round-robin: the i-th run of every engine back to back, so a change in the machine's load
        # during the benchmark falls on all engines alike and the ratios hold.
        walls, cpus = {e: [] for e in checked}, {e: [] for e in checked}
        for _ in range(a.runs):
            for e in checked:
                _, _, _, w, c = run_once(cmd(e, n))
                walls[e].append(w)
                cpus[e].append(c)
        for e in checked:
            res[n, e] = (statistics.median(walls[e]), statistics.median(cpus[e]))
            print(f'{n:12} {e:9} wall {res[n, e][0]:.3f}s cpu {res[n, e][1]:.3f}s', file=sys.stderr, flush=True)
    shutil.rmtree(tmp, ignore_errors=True)

    pairs = [(x, y) for x, y in [('sharptime', 'node'), ('sharptime', 'native'), ('node', 'native')]
             if x in engines and y in engines]
    for mi, metric in enumerate(['wall-clock', 'CPU (user+sys)']):
        print(f'\n### Median {metric} time in seconds ({a.runs} runs)\n')
        head = ['program'] + engines + [f'{x}/{y}' for x, y in pairs]
        print('| ' + ' | '.join(head) + ' |')
        print('|' + '|'.join(['---'] + ['---:'] * (len(head) - 1)) + '|')
        ratios = {p: [] for p in pairs}
        for n in names:
            t = {e: res[n, e][mi] if (n, e) in res else None for e in engines}
            row = [n + (' (start-up)' if n in STARTUP else '')] + [fmt(t[e]) for e in engines]
            for x, y in pairs:
                r = t[x] / t[y] if t[x] and t[y] else None
                if r and n not in STARTUP:
                    ratios[x, y].append(r)
                row.append(fmt(r, True))
            print('| ' + ' | '.join(row) + ' |')
        print('| **geometric mean** (without start-up) | ' + ' | '.join([''] * len(engines)) + ' | ' +
              ' | '.join(f'**{fmt(geomean(ratios[p]), True)}**' for p in pairs) + ' |')
    if failures:
        print('\nFAILURES:\n' + '\n'.join(failures))
        sys.exit(1)


if __name__ == '__main__':
    main()
