#!/usr/bin/env python3
"""CPU seconds of every process a command starts, by kind: the e2e suite's cost, measured whole.

Usage: python3 scripts/cpu-of-tree.py OUT.json CMD [ARGS...]
  e.g. python3 scripts/cpu-of-tree.py /tmp/prepare.json bash scripts/with-keyring.sh npx playwright test test/e2e/prepare.spec.ts

Why not /usr/bin/time: Chromium's renderers and GPU process are reparented when the browser is
killed, so their CPU never reaches the command's rusage. This runs CMD as a child subreaper (orphans
stay ours and are reaped here, so the exact total of RUSAGE_CHILDREN covers them), and samples
utime+stime of each descendant from /proc every 0.1 s, keyed by (pid, start time), to split the
total by kind (Chromium renderer, GPU, browser; the test servers; Playwright's workers). A process
shorter than a sample is in the exact total but not in a kind. Prints the kinds and both totals on
stderr, writes them with the load average to OUT.json, and exits with CMD's status. Linux only.
"""
import collections
import ctypes
import json
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
SAMPLE_S = 0.1


def kind(cmd: str) -> str:
    if 'serve.mjs' in cmd:
        return 'server (serve.mjs)'
    if 'chrom' in cmd:
        for t in ('renderer', 'gpu-process', 'utility', 'zygote'):
            if f'--type={t}' in cmd:
                return f'chromium {t}'
        return 'chromium browser'
    words = cmd.split(' ')
    if words[0].endswith('node'):
        return 'node ' + ' '.join(w.split('/')[-1] for w in words[1:3])[:40]
    return cmd[:40]


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out_path, command = sys.argv[1], sys.argv[2:]
    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    me, tick, started = os.getpid(), os.sysconf('SC_CLK_TCK'), time.time()
    cpu: dict = {}
    cmds: dict = {}

    def sample() -> None:
        children = collections.defaultdict(list)
        stat = {}
        for entry in os.listdir('/proc'):
            if not entry.isdigit():
                continue
            try:
                with open(f'/proc/{entry}/stat') as f:
                    text = f.read()
            except OSError:
                continue
            fields = text[text.rfind(')') + 2:].split()
            pid = int(entry)
            stat[pid] = (int(fields[19]), int(fields[11]) + int(fields[12]))
            children[int(fields[1])].append(pid)
        stack = list(children.get(me, []))
        while stack:
            pid = stack.pop()
            stack += children.get(pid, [])
            if pid not in stat:
                continue
            key = (pid, stat[pid][0])
            if key not in cmds:
                try:
                    with open(f'/proc/{pid}/cmdline', 'rb') as f:
                        cmds[key] = f.read().replace(b'\0', b' ').decode(errors='replace')
                except OSError:
                    cmds[key] = ''
            cpu[key] = max(cpu.get(key, 0), stat[pid][1])

    child = subprocess.Popen(command)
    while child.poll() is None:
        sample()
        time.sleep(SAMPLE_S)
    # Orphans that outlive the command (a browser's children) are ours to wait for.
    deadline = time.time() + 20
    while time.time() < deadline:
        sample()
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                time.sleep(SAMPLE_S)
        except ChildProcessError:
            break
    wall = time.time() - started
    kinds: collections.Counter = collections.Counter()
    counts: collections.Counter = collections.Counter()
    for key, ticks in cpu.items():
        kinds[kind(cmds.get(key, ''))] += ticks / tick
        counts[kind(cmds.get(key, ''))] += 1
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    exact = usage.ru_utime + usage.ru_stime
    for name, seconds in kinds.most_common():
        if seconds >= 0.05:
            print(f'{seconds:8.1f} s  {counts[name]:4d} proc  {name}', file=sys.stderr)
    print(f'{sum(kinds.values()):8.1f} s sampled; {exact:.1f} s exact (every descendant); {wall:.0f} s wall; exit {child.returncode}', file=sys.stderr)
    with open(out_path, 'w') as f:
        json.dump({'kinds': kinds, 'processes': counts, 'sampled': sum(kinds.values()), 'exact': exact, 'wall': wall,
                   'exit': child.returncode, 'loadavg': open('/proc/loadavg').read().split()[:3]}, f, indent=1)
    return child.returncode


if __name__ == '__main__':
    sys.exit(main())
