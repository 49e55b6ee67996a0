#!/usr/bin/env bash
# Interleaved A/B throughput of the sample app: the same jar with memleak on (A) and with
# memleak.enabled=false (B). Each round starts a fresh JVM per variant, warms it up, then
# measures with wrk. Prints requests/s per run and the ratio of the medians (A/B).
#
# Usage: sample-app/bench/wrk-ab.sh [rounds] [seconds] [path]
#   needs: wrk (Debian package 'wrk'), the jar built by 'mvn -B -q install -DskipTests'
set -euo pipefail
rounds=${1:-5}
seconds=${2:-20}
path=${3:-/owners/42}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/sample-app.jar"
port=${PORT:-18181}
java=${JAVA:-java}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
[ -f "$jar" ] || { echo "$jar is missing: run 'mvn -B -q install -DskipTests' first" >&2; exit 2; }

# EXTRA_ARGS: arguments for both variants, e.g. --memleak.detection.jfr-cycle-events=false
run() { # $1 = label, $2.. = extra args
  local label=$1; shift
  "$java" -Xms512m -Xmx512m -jar "$jar" --server.port="$port" --logging.level.root=warn ${EXTRA_ARGS:-} "$@" >/tmp/wrk-ab-app.log 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -fs "http://localhost:$port/actuator/health" >/dev/null 2>&1 && break; sleep 0.2; done
  wrk -t1 -c16 -d"${seconds}s" "http://localhost:$port$path" >/dev/null          # warm-up (JIT)
  local rps
  rps=$(wrk -t1 -c16 -d"${seconds}s" "http://localhost:$port$path" | awk '/Requests\/sec/ {print $2}')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$label $rps"
}

results=$(mktemp)
for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then
    run A-on >>"$results"; run B-off --memleak.enabled=false >>"$results"
  else
    run B-off --memleak.enabled=false >>"$results"; run A-on >>"$results"
  fi
  tail -2 "$results"
done
python3 - "$results" <<'PY'
import statistics, sys
runs = [line.split() for line in open(sys.argv[1])]
a = [float(r) for l, r in runs if l == "A-on"]
b = [float(r) for l, r in runs if l == "B-off"]
print(f"A (memleak on)  median {statistics.median(a):.0f} req/s  runs {[round(x) for x in a]}")
print(f"B (memleak off) median {statistics.median(b):.0f} req/s  runs {[round(x) for x in b]}")
print(f"ratio A/B of medians: {statistics.median(a) / statistics.median(b):.3f}")
# Each round runs A and B back to back, so a round's ratio cancels the drift of the machine.
paired = sorted(x / y for x, y in zip(a, b))
print(f"per-round ratios A/B: {[round(r, 3) for r in paired]}, median {statistics.median(paired):.3f}")
PY
