#!/usr/bin/env python3
"""Where a gateway's CPU went, from a JFR recording: share of execution samples per thread and per part of the
ingest path, and the GC pauses. docs/benchmarks.md quotes its output.

    BENCH_HOOKLANE_TIER=ingest BENCH_TARGETS=hooklane BENCH_LOADS=c128 BENCH_WARMUP=60 BENCH_DURATION=30 \\
      BENCH_SERVER_JAVA_OPTS="-Xms1g -Xmx1g -XX:StartFlightRecording=delay=60s,duration=30s,filename=/tmp/gw.jfr,settings=profile" \\
      bench/run.sh quick
    bench/jfr-profile.py /tmp/gw.jfr

On JDK 25 and later, record CPU-time samples as well (JEP 509, Linux): they count native code (RocksDB, system
calls) as the execution samples do not, and this script reads them instead whenever the recording has them:

    -XX:StartFlightRecording:delay=95s,duration=60s,filename=/tmp/gw.jfr,settings=profile,jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=2ms

(with that JDK's `jfr` first on the PATH). A sample counts for the innermost frame on its stack that matches one of
the PARTS below (so "camel" is Camel's own engine code, not the processors it calls). Then, for the MARKERS below,
the share of samples with that frame anywhere on the stack ("inclusive"), over all threads and over the threads whose
name contains the optional second argument (docs/benchmarks.md uses `deliver`). Needs the JDK's `jfr` tool on the
PATH.

    bench/jfr-profile.py /tmp/e2e.jfr deliver
"""
import collections
import re
import subprocess
import sys

PARTS = [
    ("dedup-lookup", "DedupIndex.contains"), ("dedup-index-write", "DedupIndex.write"),
    ("thread-wakeup", "sun.nio.ch.EventFD"), ("socket-io", "sun.nio.ch.SocketDispatcher"),
    ("selector-wait", "sun.nio.ch.EPoll"),
    ("verify", "io.hooklane.ingest.security"), ("normalize", "Normalizer.normalize"),
    ("cloudevent-write", "CloudEventJson.write"), ("dedup-add", "KafkaIngestIds.add"),
    ("dedup-topic-reader", "KafkaIngestIds.follow"), ("route-policy", "MicrometerRoutePolicy"),
    ("kafka-send", "KafkaProducer.doSend"), ("responder", "AcceptedResponder"), ("write-202", "IngestConsumer.write"),
    ("source-processor", "WebhookSourceProcessor"), ("kafka-network", "org.apache.kafka.clients.NetworkClient.poll"),
    ("kafka-sender", "Sender.run"), ("camel", "org.apache.camel"), ("vertx-http", "io.vertx.core.http"),
    ("netty", "io.netty"), ("ingest-consumer", "IngestConsumer"),
]

MARKERS = [
    "HttpProducer.process", "KafkaConsumer.poll", "OutboundSigner.process", "RequestSupport.extractPathPrefix",
    "MicrometerRoutePolicy", "HooklaneMetrics", "ClientTelemetryReporter", "Mac.getInstance",
]


def jfr(*args, command="print"):
    return subprocess.run(["jfr", command, *args], check=True, capture_output=True, text=True).stdout


def main(recording, thread_filter=None):
    # CPU-time samples (JDK 25+) when the recording has them: they include native frames and system calls
    event = "jdk.CPUTimeSample" if re.search(r"^\s*jdk\.CPUTimeSample\s+[1-9]", jfr(recording, command="summary"), re.M) \
        else "jdk.ExecutionSample"
    samples = jfr("--events", event, "--stack-depth", "96", recording).split(event + " {")[1:]
    threads, parts, total = collections.Counter(), collections.Counter(), 0
    marked, marked_in, total_in = collections.Counter(), collections.Counter(), 0
    for sample in samples:
        frames = re.findall(r"^\s+([\w$.<>/]+)\(", sample, re.M)
        if not frames:
            continue
        total += 1
        thread = re.search(r'(?:sampledThread|eventThread) = "([^"]*)"', sample)
        threads[re.sub(r"\d+", "N", thread.group(1)) if thread else "?"] += 1
        parts[next((name for frame in frames for name, marker in PARTS if marker in frame), "other")] += 1
        selected = thread_filter is not None and thread is not None and thread_filter in thread.group(1)
        total_in += selected
        for marker in MARKERS:
            if any(marker in frame for frame in frames):
                marked[marker] += 1
                marked_in[marker] += selected
    print(f"{total} {'CPU-time' if event == 'jdk.CPUTimeSample' else 'execution'} samples")
    print("by thread:")
    for name, count in threads.most_common(8):
        print(f"  {count * 100 / total:5.1f} %  {name}")
    print("by part:")
    for name, count in parts.most_common():
        print(f"  {count * 100 / total:5.1f} %  {name}")
    print("inclusive, all threads" + (f" | threads with '{thread_filter}' ({total_in} samples)" if thread_filter else "") + ":")
    for marker in MARKERS:
        line = f"  {marked[marker] * 100 / total:5.1f} %"
        if thread_filter and total_in:
            line += f" | {marked_in[marker] * 100 / total_in:5.1f} %"
        print(f"{line}  {marker}")
    pauses = sorted(float(p) for p in re.findall(r"longestPause = ([\d.]+) ms", jfr("--events", "jdk.GarbageCollection", recording)))
    if pauses:
        print(f"GC pauses: {len(pauses)}, median {pauses[(len(pauses) - 1) // 2]} ms, max {pauses[-1]} ms")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(*sys.argv[1:])
