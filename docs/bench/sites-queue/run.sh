#!/bin/bash
# Leak samples per emission under many server threads (docs/sites.md, "When the samples are few").
#
#   SAMPLE_JAR=sample-app/target/sample-app.jar docs/bench/sites-queue/run.sh NAME JAVA LOAD [JVM option]...
#
# LOAD: "java" (Load.java: Java's HttpClient, up to 64 requests in flight, as DiagnosisIT sends) or
# "py" (the escalation benchmark's RateLoad: 4 keep-alive connections). Starts the sample application
# on a 2 GiB heap with 1.1 GB of flat data and the 8 KiB-per-call leak at 10 calls a second beside
# 100 garbage requests a second, the leak-site recording running from startup, and prints after each
# minute how many samples of the emission are the leak's (AuditLog.recordLookup). Reports go to
# /tmp/sites-queue/NAME. For example, with and without a larger queue:
#
#   run.sh q256 java java; run.sh q1024 java java -XX:FlightRecorderOptions:old-object-queue-size=1024
set -u
NAME=$1; JAVA=$2; KIND=$3; shift 3
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${SAMPLE_JAR:-$HERE/../../../sample-app/target/sample-app.jar}
D=/tmp/sites-queue/$NAME; rm -rf "$D"; mkdir -p "$D"; cd "$D"
"$JAVA" -XX:+UseG1GC -Xmx2g "$@" -jar "$JAR" --server.port=0 --spring.main.banner-mode=off \
  --sample.leak.enabled=true --sample.leak.bytes-per-request=8KB --sample.ballast.size=1100MB --sample.carts.ttl=5s \
  --memleak.sites.start-when-suspected=false > app.log 2>&1 &
APP=$!
trap 'kill $APP ${LOAD:-} 2>/dev/null' EXIT
PORT=
for _ in $(seq 120); do
  PORT=$(grep -o 'Tomcat started on port [0-9]*' app.log | grep -o '[0-9]*$'); [ -n "$PORT" ] && break; sleep 1
done
[ -n "$PORT" ] || { echo "the sample app did not start"; exit 1; }
if [ "$KIND" = java ]; then
  "$JAVA" "$HERE/Load.java" "$PORT" 10 100 64 > load.log 2>&1 &
else
  python3 - "$PORT" "$HERE/../escalation/run.py" > load.log 2>&1 <<'PY' &
import importlib.util, sys, time
spec = importlib.util.spec_from_file_location("run", sys.argv[2]); run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run); port = int(sys.argv[1])
run.RateLoad(port, 10.0, lambda n: "/owners/" + str(n), threads=2)
run.RateLoad(port, 100.0, lambda n: ("/reports/" + str(2000 + n % 20), "/blobs/65536", "/carts/" + str(n % 400), "/owners")[n % 4])
time.sleep(10 ** 6)
PY
fi
LOAD=$!
for m in $(seq 1 "${MINUTES:-5}"); do
  sleep 60
  curl -s "localhost:$PORT/actuator/memoryleak" > "report-$m.json"
  python3 - "report-$m.json" "$m" <<'PY'
import json, sys
sites = json.load(open(sys.argv[1])).get("sites") or []
leak = sum(s["samples"] for s in sites if any("AuditLog.recordLookup(" in line for line in s["stackTrace"]))
print("minute", sys.argv[2], "samples", sum(s["samples"] for s in sites), "of the leak", leak)
PY
done
echo "server threads: $(jcmd $APP Thread.print 2>/dev/null | grep -c '"http-nio')"
