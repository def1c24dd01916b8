#!/usr/bin/env python3
"""What the JIT compiled before and after a gateway's readiness, and which deoptimizations the first real webhooks
caused, from a JFR recording of every compilation. docs/benchmarks-log.md quotes its output.

    BENCH_BROKER_DIR=/dev/shm/kafka-data BENCH_GATEWAY_JAVA_HOME=<a JDK 25> BENCH_TARGETS=hooklane BENCH_ROUNDS=1 \\
      BENCH_GATEWAY_JAVA_OPTS="-Xms1g -Xmx1g -XX:StartFlightRecording:filename=/tmp/cold.jfr,dumponexit=true,jdk.Compilation#threshold=0ms,jdk.Deoptimization#enabled=true" \\
      bench/run.sh cold
    bench/jfr-jit.py /tmp/cold.jfr <ready s>

`<ready s>` is the report's "ready s" (seconds from the `java` command to readiness; the recording's clock starts at
the JVM's start, a few tens of milliseconds later). The throwaway gateway of the prewarm writes the same file first;
the cold gateway, which exits last, overwrites it. Needs that JDK's `jfr` tool on the PATH.

Prints: the compilers' time before and after readiness; after it, C2's time on methods it had not compiled before
readiness against its recompilations of methods it had; C2's time per 5 s; the largest of each; and the
deoptimizations of C2 code in the first seconds after readiness, by the bytecode that trapped. A deoptimization there
means the warm-up before readiness never took a branch (or saw a type) that real traffic takes: the compiled method
that inlined it is thrown away and compiled again.
"""
import collections
import json
import re
import subprocess
import sys
from datetime import datetime

# a deoptimization from EARLY s before the given readiness to FIRST_SECONDS after it counts as caused by the first real
# webhooks: the report's readiness is counted from the java command, which comes a little before the JVM's start
EARLY = 0.5
FIRST_SECONDS = 2.0


def seconds(iso_duration):
    m = re.match(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", iso_duration)
    if not m:
        return 0.0
    h, mi, s = m.groups()
    return int(h or 0) * 3600 + int(mi or 0) * 60 + float(s or 0)


def epoch(iso_time):
    return datetime.fromisoformat(iso_time.replace("Z", "+00:00")).timestamp()


def method_name(m):
    return m["type"]["name"].split("/")[-1] + "." + m["name"]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    path, ready = sys.argv[1], float(sys.argv[2])
    out = subprocess.run(["jfr", "print", "--json", "--events",
                          "jdk.Compilation,jdk.Deoptimization,jdk.JVMInformation", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    starts = [epoch(e["values"]["jvmStartTime"]) for e in events if e["type"] == "jdk.JVMInformation"]
    if not starts:
        sys.exit("no jdk.JVMInformation event: is this a recording of the whole run?")
    start = starts[0]
    compilations = sorted((e["values"] for e in events if e["type"] == "jdk.Compilation"),
                          key=lambda v: v["startTime"])
    if not compilations:
        sys.exit("no jdk.Compilation events: record with jdk.Compilation#threshold=0ms")

    total = collections.Counter()
    before = collections.Counter()
    c2_before = set()
    first, again = [], []
    per_5s = collections.Counter()
    level_of = {}
    for v in compilations:
        t = epoch(v["startTime"]) - start
        took = seconds(v["duration"])
        compiler = "C2" if v["compileLevel"] == 4 else "C1"
        level_of[v["compileId"]] = (method_name(v["method"]), v["compileLevel"])
        total[compiler] += took
        name = method_name(v["method"]) + v["method"]["descriptor"]
        if t < ready:
            before[compiler] += took
            if compiler == "C2":
                c2_before.add(name)
            continue
        if compiler != "C2":
            continue
        per_5s[int((t - ready) // 5) * 5] += took
        (again if name in c2_before else first).append((took, t - ready, method_name(v["method"]), v["isOsr"]))

    print(f"recording: {path}; readiness {ready:.1f} s after the JVM's start")
    for compiler in ("C1", "C2"):
        print(f"{compiler}: {before[compiler]:6.2f} s before readiness, {total[compiler] - before[compiler]:6.2f} s after")
    print(f"C2 after readiness: {sum(r[0] for r in first):6.2f} s on {len(first)} methods not compiled by C2 before it, "
          f"{sum(r[0] for r in again):6.2f} s recompiling {len(again)} that were")
    print("C2 after readiness per 5 s:")
    for k in sorted(per_5s):
        print(f"  +{k:3d} to +{k + 5:3d} s  {per_5s[k]:6.2f} s")
    for title, rows in (("largest first compilations after readiness", first),
                        ("largest recompilations after readiness", again)):
        print(title + " (s, at s after readiness):")
        for took, at, name, osr in sorted(rows, reverse=True)[:15]:
            print(f"  {took:6.3f}  +{at:5.1f}  {name}{' (OSR)' if osr else ''}")

    traps = collections.Counter()
    for e in events:
        if e["type"] != "jdk.Deoptimization":
            continue
        v = e["values"]
        t = epoch(v["startTime"]) - start
        root = level_of.get(v.get("compileId"))
        if root is None or root[1] != 4 or not ready - EARLY <= t < ready + FIRST_SECONDS:
            continue
        traps[(method_name(v["method"]), v.get("lineNumber"), v["reason"], root[0])] += 1
    print(f"deoptimizations of C2 code from {EARLY} s before to {FIRST_SECONDS:.0f} s after readiness: "
          f"{sum(traps.values())}, "
          "by where they trapped (method:line, reason, the compiled method thrown away):")
    for (where, line, reason, root), n in traps.most_common(40):
        print(f"  {n:3d}  {where}:{line}  {reason}  in {root}")


if __name__ == "__main__":
    main()
