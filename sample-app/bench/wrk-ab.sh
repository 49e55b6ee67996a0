#!/usr/bin/env bash
# Interleaved A/B throughput of the sample app: the same jar with memleak on (A) and with
# memleak.enabled=false (B). Each round starts a fresh JVM per variant, warms it up, then
# measures with wrk. Prints requests/s and the server's CPU time per request for each run, and
# the ratios A/B.
#
# Usage: [WARMUP=30] sample-app/bench/wrk-ab.sh [rounds] [seconds] [path]
#   A_ARGS, B_ARGS: the two variants' arguments (default: none, and --memleak.enabled=false);
#   EXTRA_ARGS: arguments for both; JAVA_OPTS: JVM options for both; CONNECTIONS (16); THREADS (1,
#   wrk's threads); JAVA
#   needs: wrk (Debian package 'wrk'), the jar built by 'mvn -B -q install -DskipTests'
set -euo pipefail
rounds=${1:-5}
seconds=${2:-20}
path=${3:-/owners/42}
warmup=${WARMUP:-30}
connections=${CONNECTIONS:-16}
threads=${THREADS:-1}
read -r -a a_args <<<"${A_ARGS:-}"
read -r -a b_args <<<"${B_ARGS:---memleak.enabled=false}"
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/sample-app.jar"
port=${PORT:-18181}
java=${JAVA:-java}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
[ -f "$jar" ] || { echo "$jar is missing: run 'mvn -B -q install -DskipTests' first" >&2; exit 2; }

run() { # $1 = label, $2.. = extra args
  local label=$1; shift
  # shellcheck disable=SC2086 # JAVA_OPTS and EXTRA_ARGS hold several words
  "$java" -Xms512m -Xmx512m ${JAVA_OPTS:-} -jar "$jar" --server.port="$port" --logging.level.root=warn ${EXTRA_ARGS:-} "$@" >/tmp/wrk-ab-app.log 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -fs "http://localhost:$port/actuator/health" >/dev/null 2>&1 && break; sleep 0.2; done
  # Warm-up: the JIT compiles for about 30 s here, memleak's code included (it adds
  # about 4 s of C2 time on 2 cores); a shorter warm-up measures compilation too.
  wrk -t"$threads" -c"$connections" -d"${warmup}s" "http://localhost:$port$path" >/dev/null
  # The server's CPU time (user + system, clock ticks) over the measured run, per request.
  local ticks_before ticks_after out rps requests
  ticks_before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" "http://localhost:$port$path")
  ticks_after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$label $rps $(( (ticks_after - ticks_before) * 1000000 / $(getconf CLK_TCK) / requests ))"
}

results=$(mktemp)
for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then
    run A-on "${a_args[@]}" >>"$results"; run B-off "${b_args[@]}" >>"$results"
  else
    run B-off "${b_args[@]}" >>"$results"; run A-on "${a_args[@]}" >>"$results"
  fi
  tail -2 "$results"
done
python3 - "$results" <<'PY'
import statistics, sys
runs = [line.split() for line in open(sys.argv[1])]
a = [float(r[1]) for r in runs if r[0] == "A-on"]
b = [float(r[1]) for r in runs if r[0] == "B-off"]
cpu_a = [float(r[2]) for r in runs if r[0] == "A-on"]
cpu_b = [float(r[2]) for r in runs if r[0] == "B-off"]
print(f"A  median {statistics.median(a):.0f} req/s  runs {[round(x) for x in a]}")
print(f"B  median {statistics.median(b):.0f} req/s  runs {[round(x) for x in b]}")
print(f"ratio A/B of medians: {statistics.median(a) / statistics.median(b):.3f}")
# Each round runs A and B back to back, so a round's ratio cancels the drift of the machine.
paired = sorted(x / y for x, y in zip(a, b))
print(f"per-round ratios A/B: {[round(r, 3) for r in paired]}, median {statistics.median(paired):.3f}")
# The server's CPU per request depends less on how wrk and the server share the cores.
print(f"server CPU per request (us): A {cpu_a}, B {cpu_b}; medians {statistics.median(cpu_a):.0f} / "
      f"{statistics.median(cpu_b):.0f}, ratio A/B {statistics.median(cpu_a) / statistics.median(cpu_b):.3f}")
PY
