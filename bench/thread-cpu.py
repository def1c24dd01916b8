#!/usr/bin/env python3
"""CPU seconds per thread of a running process over an interval, from /proc, threads grouped by name without their
number (vert.x-eventloop-thread-0 and -1 count as one). It sees what a JFR recording does not sample: native threads
such as RocksDB's flush and compaction threads (rocksdb:low, rocksdb:high) and the JVM's compiler and GC threads.

    bench/thread-cpu.py <pid of the gateway> 30
"""
import os, re, sys, time, collections
pid, secs = sys.argv[1], float(sys.argv[2])
hz = os.sysconf('SC_CLK_TCK')
def snap():
    out = {}
    for t in os.listdir(f'/proc/{pid}/task'):
        try:
            s = open(f'/proc/{pid}/task/{t}/stat').read()
        except OSError:
            continue
        name = s[s.index('(')+1:s.rindex(')')]
        f = s[s.rindex(')')+2:].split()
        out[t] = (name, int(f[11]) + int(f[12]))
    return out
a = snap(); t0 = time.time(); time.sleep(secs); b = snap(); dt = time.time() - t0
g = collections.Counter()
for t, (name, ticks) in b.items():
    g[re.sub(r'[-:#]?\d+$', '', name)] += (ticks - a.get(t, (name, 0))[1]) / hz
tot = sum(g.values())
print(f'interval {dt:.1f} s, process CPU {tot:.2f} s ({100*tot/dt:.0f} %)')
for name, c in g.most_common(25):
    print(f'{c:8.2f} s {100*c/dt:6.1f} %  {name}')
