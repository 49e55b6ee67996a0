#!/usr/bin/env bash
# The scale proof of docs/scale.md: a synthetic fleet's TSDB (500 pods over 24 hours by default),
# every recording rule backfilled over it and every alerting rule and dashboard query run against a
# real Prometheus on it, each timed. The same test as CI's FleetScaleTests (120 pods, 4 hours), at
# the size given here. Results: sample-app/target/fleet-scale/<pods>-pods/results.md.
#
#   k8s/scale/fleet-scale.sh [pods] [hours] [routes per pod] [tasks per pod]
#
# Needs prometheus and promtool on the PATH (apt-get install prometheus), about 10 GB of free disk
# for the OpenMetrics of one 2-hour block at a time and the TSDB, and 2 GB of memory for Prometheus.
# On the shared build machine run it under /work/tools/cpu bench (the timings are the point).
set -euo pipefail
cd "$(dirname "$0")/../.."
pods=${1:-500}
hours=${2:-24}
routes=${3:-10}
tasks=${4:-3}
mvn -B -q -pl sample-app -am test -P '!jdk25' -Dinvoker.skip \
  -Dtest=FleetScaleTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmemleak.fleet.pods="$pods" -Dmemleak.fleet.hours="$hours" \
  -Dmemleak.fleet.routes="$routes" -Dmemleak.fleet.tasks="$tasks" -Dmemleak.fleet.settle=true
echo "Results: sample-app/target/fleet-scale/${pods}-pods/results.md"
