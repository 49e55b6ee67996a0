#!/bin/bash
# Cost of the leak-site recording (JFR jdk.OldObjectSample), see docs/performance.md "Leak sites".
#
#   run.sh ab   JAVA_HOME ROUNDS SECONDS     interleaved A/B: recording off / on, fresh JVM per run;
#                                            prints ops/s per run and the ratio of the medians (on/off)
#   run.sh wrk  JAVA_HOME ROUNDS SECONDS PATH
#                                            interleaved A/B of the sample app with
#                                            sample-app/bench/wrk-ab.sh (needs wrk and
#                                            'mvn -B -q install -DskipTests'): A = the recording
#                                            running from startup, B = leak sites off; JAVA_OPTS
#                                            (both) e.g. -XX:FlightRecorderOptions:stackdepth=16
#   run.sh emit JAVA_HOME CUTOFF LIVE_MIB SECONDS TAG
#                                            emissions every 3 s; prints them and the safepoint pauses
#                                            (from -Xlog:safepoint) during each, in safepoint-TAG.log
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
case "$1" in
ab)
  JH=$2; ROUNDS=$3; SECONDS_=$4
  out=$(mktemp)
  for round in $(seq 1 "$ROUNDS"); do
    if (( round % 2 )); then order="off on"; else order="on off"; fi
    for mode in $order; do
      "$JH/bin/java" -Xms1g -Xmx1g -XX:+UseG1GC "$HERE/SitesCostBench.java" "$mode" "$SECONDS_" | tee -a "$out"
    done
  done
  python3 - "$out" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    mode, _, value = line.split()[:3]
    runs.setdefault(mode, []).append(float(value))
off, on = statistics.median(runs["off"]), statistics.median(runs["on"])
print(f"median off {off:,.0f} ops/s, on {on:,.0f} ops/s, on/off {on / off:.3f}")
PY
  ;;
wrk)
  # The sample app's own A/B script: A records from startup, B has leak sites off.
  JH=$2; ROUNDS=$3; SECONDS_=$4; URL_PATH=$5
  JAVA="$JH/bin/java" PORT=18182 CONNECTIONS=8 WARMUP=${WARMUP:-$SECONDS_} \
    A_ARGS="--memleak.sites.enabled=true --memleak.sites.start-when-suspected=false" \
    B_ARGS="--memleak.sites.enabled=false" \
    "$HERE/../../../sample-app/bench/wrk-ab.sh" "$ROUNDS" "$SECONDS_" "$URL_PATH"
  ;;
emit)
  JH=$2; CUTOFF=$3; LIVE=$4; SECONDS_=$5; TAG=$6
  "$JH/bin/java" -Xms1g -Xmx1g -XX:+UseG1GC -Xlog:safepoint=info:file=safepoint-$TAG.log:uptimemillis \
    "$HERE/SitesCostBench.java" emit "$SECONDS_" "$CUTOFF" "$LIVE" | tee emissions-$TAG.txt
  # JFR's safepoints (JFRCheckpoint: the chunk rotation; JFROldObject: paths to GC roots)
  # within each emission, from its start to 1 s later.
  python3 - emissions-$TAG.txt safepoint-$TAG.log <<'PY'
import re, sys
emissions = [int(m.group(1)) for m in map(re.compile(r"at (\d+) ms uptime").search, open(sys.argv[1])) if m]
pauses = []
for line in open(sys.argv[2]):
    m = re.search(r"\[(\d+)ms\].*Safepoint \"([^\"]+)\".*Total: (\d+) ns", line)
    if m and m.group(2).startswith("JFR"):
        pauses.append((int(m.group(1)), m.group(2), int(m.group(3)) / 1e6))
for start in emissions:
    inside = [p for p in pauses if start <= p[0] <= start + 1000]
    total = sum(p[2] for p in inside)
    longest = max(inside, key=lambda p: p[2], default=(0, "-", 0.0))
    print(f"emission at {start} ms: JFR safepoints {', '.join(f'{p[1]} {p[2]:.2f} ms' for p in inside)}; {total:.2f} ms in total")
PY
  ;;
*)
  echo "usage: run.sh ab JAVA_HOME ROUNDS SECONDS | run.sh wrk JAVA_HOME ROUNDS SECONDS PATH" >&2
  echo "       run.sh emit JAVA_HOME CUTOFF LIVE_MIB SECONDS TAG" >&2
  exit 2
  ;;
esac
