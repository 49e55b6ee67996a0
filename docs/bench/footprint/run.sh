#!/usr/bin/env bash
# Footprint detection benchmark (docs/performance.md, "Footprint"): the sample app with each
# leak outside the heap at 1 MiB/s (threads: one a second) and memleak's DEFAULT settings, all
# side by side, plus a steady run under HTTP load and a leak inside a memory cgroup that ends in
# a real OOM kill. Polls /actuator/memoryleak every 10 s and prints, per scenario, when its
# category became WATCH and SUSPECTED, the growth it reported against the true rate, any other
# category ever SUSPECTED, and, for the cgroup run, the projected time to the limit against the
# real kill. Measures detection latency, not throughput: it may run under `cpu build`.
#
# Usage: docs/bench/footprint/run.sh [JAVA_HOME] [MINUTES] [LIMIT_MIB]
#   MINUTES: how long the leak runs may take and the steady run lasts (default 15)
#   LIMIT_MIB: the memory cgroup's limit for the OOM run (default 1024; needs root and cgroup v1)
# Needs: the jar built by 'mvn -B -q package -DskipTests', gcc (the JNI leak), curl, python3.
set -euo pipefail
cd "$(dirname "$0")/../../.."
JH=${1:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
MINUTES=${2:-15}
LIMIT_MIB=${3:-1024}
JAVA="$JH/bin/java"
JAR=sample-app/target/sample-app.jar
[ -f "$JAR" ] || { echo "$JAR is missing: run 'mvn -B -q package -DskipTests' first" >&2; exit 2; }
FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
OUT=target/footprint-bench/jdk$FEATURE-$(date +%Y%m%dT%H%M%S)
mkdir -p "$OUT"
# A copy: a build that rewrites the jar under running JVMs would break them.
cp "$JAR" "$OUT/sample-app.jar"
JAR="$OUT/sample-app.jar"
gcc -shared -fPIC -O2 -I"$JH/include" -I"$JH/include/linux" -o "$OUT/libmemleaksample.so" sample-app/src/main/c/native_leak.c
JVM=(-Xmx256m -XX:+UseG1GC -XX:NativeMemoryTracking=summary -XX:MaxDirectMemorySize=2g)
pids=()

start() { # name launcher... -- jvm and app args; prints the port
  local name=$1; shift
  "$@" --server.port=0 --spring.main.banner-mode=off >"$OUT/$name.log" 2>&1 &
  echo $! >"$OUT/$name.pid"
  for _ in $(seq 1 600); do
    port=$(grep -oP 'Tomcat started on port \K[0-9]+' "$OUT/$name.log" || true)
    [ -n "$port" ] && { echo "$port"; return; }
    sleep 0.5
  done
  echo "$name did not start" >&2; exit 1
}

poll() { # name port seconds: one report every 10 s into name.jsonl, until the app ends or time is up
  local name=$1 port=$2 until=$(( $(date +%s) + $3 ))
  while [ "$(date +%s)" -lt "$until" ] && kill -0 "$(cat "$OUT/$name.pid")" 2>/dev/null; do
    body=$(curl -fs "http://localhost:$port/actuator/memoryleak" || true)
    [ -n "$body" ] && printf '{"at":%s,"report":%s}\n' "$(date +%s)" "$body" >>"$OUT/$name.jsonl"
    sleep 10
  done
}

leak() { # leak kind
  local kind=$1 port
  date +%s >"$OUT/$kind.start"
  port=$(start "$kind" "$JAVA" "${JVM[@]}" -jar "$JAR" --sample.footprint.leak="$kind" \
    --sample.footprint.native-library="$PWD/$OUT/libmemleaksample.so")
  poll "$kind" "$port" $(( MINUTES * 60 ))
  kill "$(cat "$OUT/$kind.pid")" 2>/dev/null || true
}

steady() {
  local port
  date +%s >"$OUT/steady.start"
  port=$(start steady "$JAVA" "${JVM[@]}" -jar "$JAR")
  "$JAVA" docs/bench/footprint/Load.java "$port" 100 $(( MINUTES * 60 )) >"$OUT/steady-load.log" 2>&1 &
  poll steady "$port" $(( MINUTES * 60 ))
  kill "$(cat "$OUT/steady.pid")" 2>/dev/null || true
}

oom() { # the Unsafe leak in a memory cgroup of LIMIT_MIB, until the OOM killer ends it
  local parent cgroup port
  parent=/sys/fs/cgroup/memory$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3}' /proc/self/cgroup)
  cgroup="$parent/memleak-bench-$$"
  if ! mkdir "$cgroup" 2>/dev/null || ! echo $(( LIMIT_MIB * 1048576 )) >"$cgroup/memory.limit_in_bytes"; then
    echo "*** SKIPPED: the OOM run needs root and a cgroup v1 memory controller ***" >&2; touch "$OUT/oom.skipped"; return
  fi
  date +%s >"$OUT/oom.start"
  port=$(start oom sh -c "echo \$\$ > $cgroup/cgroup.procs && exec \"\$0\" \"\$@\"" "$JAVA" -Xms96m -Xmx96m \
    -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary -jar "$JAR" --sample.footprint.leak=unsafe)
  ( while kill -0 "$(cat "$OUT/oom.pid")" 2>/dev/null; do sleep 0.5; done; date +%s >"$OUT/oom.end" ) &
  poll oom "$port" $(( (MINUTES + 30) * 60 ))
  kill "$(cat "$OUT/oom.pid")" 2>/dev/null || true
  sleep 1
  awk '/^oom_kill / {print $2}' "$cgroup/memory.oom_control" >"$OUT/oom.kills"
  for _ in $(seq 1 50); do rmdir "$cgroup" 2>/dev/null && break; sleep 0.2; done
}

started() { # name: wait until the app has started (or ended), so that the JVMs start one at a time
  for _ in $(seq 1 1200); do
    grep -q 'Tomcat started on port\|SKIPPED' "$OUT/$1.log" 2>/dev/null && return
    [ -f "$OUT/$1.skipped" ] && return
    sleep 0.5
  done
}
for kind in direct-buffers threads class-loaders unsafe native; do leak "$kind" & pids+=($!); started "$kind"; done
steady & pids+=($!); started steady
oom & pids+=($!)
for pid in "${pids[@]}"; do wait "$pid" || true; done
python3 docs/bench/footprint/summarize.py "$OUT"
