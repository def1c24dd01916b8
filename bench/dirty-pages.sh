#!/usr/bin/env bash
# Samples the kernel's dirty page cache and the disk's writes every 0.5 s until stopped, beside a benchmark run:
#   bench/dirty-pages.sh vda > dirty.log & bench/run.sh cold; kill %1
# Columns: UTC time, Dirty (kB), Writeback (kB), sectors written and milliseconds spent writing on the disk (from
# /proc/diskstats; the device is the first argument, default vda). A fall of hundreds of MB in Dirty within a second
# is the kernel writing out files that have been dirty for vm.dirty_expire_centisecs (docs/benchmarks-log.md).
set -euo pipefail
device="${1:-vda}"
while true; do
  printf '%s %s %s\n' "$(date -u +%H:%M:%S.%N | cut -c1-12)" \
    "$(awk '/^Dirty:/{d=$2} /^Writeback:/{w=$2} END{print d, w}' /proc/meminfo)" \
    "$(awk -v dev="$device" '$3==dev{print $10, $11}' /proc/diskstats)"
  sleep 0.5
done
