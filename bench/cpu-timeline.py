#!/usr/bin/env python3
"""Where the machine's CPU goes, second by second, around a cold start.

  bench/cpu-timeline.py record samples.csv SECONDS      # every 0.5 s, from /proc, until SECONDS have passed
  bench/cpu-timeline.py report samples.csv READY_EPOCH  # cores per second around READY_EPOCH (seconds since 1970)

`record` samples the CPU time of every Java process on the machine, named by what it runs (the gateway started with
`-jar`, the broker `kafka.Kafka`, the load generator, the baseline's KafkaAckServer), and of each of their threads by
kind: the C2 and C1 compiler threads, the GC threads, Vert.x event loops, Kafka producer network threads, the VM thread,
the rest by name. Run it beside `bench/run.sh cold`; the readiness a report is aligned on is `ready_epoch_ns` in the
run's `cold-<target>-<round>.properties`, divided by 1e9.

`report` prints, per second from 16 s before readiness to 20 s after, the cores used by the machine, each process,
the C2 threads of the load generator and the broker, and the gateway's threads by kind; then the gateway's CPU seconds
by kind up to readiness and over the whole recording.
"""
import collections
import csv
import os
import sys
import time

KINDS = (('loadgen', 'io.hooklane.bench.LoadGen'), ('ackserver', 'KafkaAckServer'), ('broker', 'kafka.Kafka'),
         ('gateway', '-jar'))
# thread names as the kernel keeps them (15 characters at most)
GROUPS = (('C2 Compiler', 'c2'), ('C1 Compiler', 'c1'), ('GC Thread', 'gc'), ('G1', 'gc'), ('vert.x-eventlo', 'eventloop'),
          ('kafka-producer', 'producer'), ('VM Thread', 'vm'))


def ticks(stat_path):
    try:
        fields = open(stat_path).read().rsplit(')', 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return None


def kind(pid):
    try:
        cmdline = open(f'/proc/{pid}/cmdline').read().replace('\0', ' ')
    except OSError:
        return None
    if 'java' not in cmdline:
        return None
    for name, marker in KINDS:
        if marker in cmdline:
            return name
    return 'java'


def group(thread_name):
    for prefix, name in GROUPS:
        if thread_name.startswith(prefix):
            return name
    return 'other:' + thread_name.replace(',', '_')


def record(path, seconds):
    end = time.time() + seconds
    with open(path, 'w') as out:
        out.write('epoch,proc,id,group,ticks\n')
        while time.time() < end:
            now = time.time()
            for pid in filter(str.isdigit, os.listdir('/proc')):
                k = kind(pid)
                t = ticks(f'/proc/{pid}/stat') if k else None
                if t is None:
                    continue
                out.write(f'{now:.2f},{k},{pid},all,{t}\n')
                try:
                    tids = os.listdir(f'/proc/{pid}/task')
                except OSError:
                    continue
                for tid in tids:
                    try:
                        name = open(f'/proc/{pid}/task/{tid}/comm').read().strip()
                    except OSError:
                        continue
                    tt = ticks(f'/proc/{pid}/task/{tid}/stat')
                    if tt is not None:
                        out.write(f'{now:.2f},thread-{k},{tid},{group(name)},{tt}\n')
            cpu = open('/proc/stat').readline().split()[1:]
            out.write(f'{now:.2f},machine,0,busy,{sum(map(int, cpu)) - int(cpu[3]) - int(cpu[4])}\n')
            out.flush()
            time.sleep(max(0.0, 0.5 - (time.time() - now)))


def report(path, ready):
    hz = os.sysconf('SC_CLK_TCK')
    snaps = collections.defaultdict(dict)
    for row in csv.DictReader(open(path)):
        snaps[float(row['epoch'])][(row['proc'], row['id'], row['group'])] = int(row['ticks'])
    times = sorted(snaps)
    if not times:
        sys.exit(f'{path}: no samples')

    def nearest(t):
        return min(times, key=lambda x: abs(x - t))

    cols = ['machine', 'gateway', 'broker', 'loadgen', 'loadgen.c2', 'broker.c2', 'gw.c2', 'gw.c1', 'gw.gc',
            'gw.eventloop', 'gw.producer', 'gw.other']
    print('cores used per second; t = seconds after readiness (before it, averages over 2 s)')
    print('   t' + ''.join('%13s' % c for c in cols))
    for t in list(range(-16, 0, 2)) + list(range(0, 20)):
        a, b = nearest(ready + t), nearest(ready + t + (2 if t < 0 else 1))
        if b <= a:
            continue
        used = collections.Counter()
        for key, value in snaps[b].items():
            if key not in snaps[a]:
                continue
            cores = (value - snaps[a][key]) / hz / (b - a)
            proc, _, g = key
            if proc == 'machine':
                used['machine'] += cores
            elif proc == 'thread-gateway':
                used['gw.' + (g if not g.startswith('other:') else 'other')] += cores
            elif proc.startswith('thread-'):
                if g == 'c2':
                    used[proc[len('thread-'):] + '.c2'] += cores
            else:
                used[proc] += cores
        print('%4d' % t + ''.join('%13.2f' % used[c] for c in cols))
    def gateway_seconds(until):
        """CPU seconds of the gateway's threads by kind, from their first sample to their last at or before until."""
        first, last = {}, {}
        for epoch in times:
            if epoch > until:
                break
            for key, value in snaps[epoch].items():
                if key[0] == 'thread-gateway':
                    first.setdefault(key, value)
                    last[key] = value
        total = collections.Counter()
        for key in last:
            total[key[2] if not key[2].startswith('other:') else 'other'] += (last[key] - first[key]) / hz
        return ', '.join('%s %.1f' % (g, s) for g, s in total.most_common())

    print("the gateway's CPU seconds up to readiness (threads that ended before included): "
          + gateway_seconds(nearest(ready)))
    print("the gateway's CPU seconds over the recording: " + gateway_seconds(times[-1]))

if __name__ == '__main__':
    if len(sys.argv) != 4 or sys.argv[1] not in ('record', 'report'):
        sys.exit(__doc__)
    if sys.argv[1] == 'record':
        record(sys.argv[2], float(sys.argv[3]))
    else:
        report(sys.argv[2], float(sys.argv[3]))
