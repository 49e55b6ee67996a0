#!/bin/bash
# Pause of class histograms: in-process MBean vs jcmd from outside, with and without forced GC.
# usage: run.sh JAVA_HOME LIVE_MIB REPS TAG      e.g. run.sh /usr/lib/jvm/temurin-25-jdk-amd64 1024 5 j25-1g
# Results: out-TAG.txt (MBean call times, stalls), jcmd-TAG.txt (jcmd wall times),
#          safepoint-TAG.log (exact pauses: grep HeapInspection; MBean live, MBean all, jcmd live, jcmd all, REPS each)
set -e
JH=$1; LIVE=$2; REPS=$3; TAG=$4
HERE=$(cd "$(dirname "$0")" && pwd)
STOP=$PWD/stop-$TAG; rm -f "$STOP" jcmd-$TAG.txt
"$JH/bin/java" -Xmx3g -Xms3g -XX:+UseG1GC -Xlog:safepoint=info:file=safepoint-$TAG.log \
  "$HERE/PauseBench.java" "$LIVE" "$REPS" "$STOP" > out-$TAG.txt 2>&1 &
PID=$!
until grep -q READY out-$TAG.txt; do sleep 1; kill -0 $PID; done
for mode in live all; do
  for r in $(seq 1 "$REPS"); do
    sleep 1.5
    ARG=""; [ $mode = all ] && ARG="-all"
    T0=$(date +%s%N)
    # Always redirect jcmd to a file, never pipe it (a JDK 24+ target freezes when the pipe fills).
    "$JH/bin/jcmd" $PID GC.class_histogram $ARG > histogram-$TAG-$mode.txt 2>&1
    T1=$(date +%s%N)
    echo "jcmd $mode wall $(( (T1-T0)/1000000 )) ms" >> jcmd-$TAG.txt
  done
done
sleep 2
touch "$STOP"
wait $PID
grep HeapInspection safepoint-$TAG.log | sed -E 's/.*Total: ([0-9]+) ns.*/\1/' \
  | awk -v r="$REPS" 'BEGIN{split("mbean-live mbean-all jcmd-live jcmd-all",n," ")} {printf "%s%.0f", (NR-1)%r==0 ? n[int((NR-1)/r)+1] " ms:" : " ", $1/1e6; if (NR%r==0) print ""}'
