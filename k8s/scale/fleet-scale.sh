#!/usr/bin/env bash
# The scale proof of docs/scale.md: a synthetic fleet's TSDB (500 pods over 24 hours by default),
# every recording rule backfilled over it, then every rule and dashboard query run against a real
# Prometheus on it, each timed. The same test as CI's FleetScaleTests (120 pods, 4 hours), at the
# size given here. Results: sample-app/target/fleet-scale/<pods>-pods/{prepared,results}.md.
#
#   k8s/scale/fleet-scale.sh [pods] [hours] [routes per pod] [tasks per pod] [all|prepare|measure]
#
# prepare writes and imports the TSDB and backfills the recording rules; measure times the queries
# on it (after Prometheus has compacted it); all does both. On a shared machine, prepare alongside
# other work and measure alone (docs/scale.md gives the commands).
# Needs prometheus and promtool on the PATH (apt-get install prometheus), about 10 GB of free disk
# (the OpenMetrics of one 2-hour block at a time and the TSDB) and 2 GB of memory for Prometheus.
set -euo pipefail
cd "$(dirname "$0")/../.."
pods=${1:-500}
hours=${2:-24}
routes=${3:-10}
tasks=${4:-3}
phase=${5:-all}
case "$phase" in
  all) phase_args=(-Dmemleak.fleet.settle=true) ;;
  prepare) phase_args=(-Dmemleak.fleet.prepareOnly=true) ;;
  measure) phase_args=(-Dmemleak.fleet.reuse=true -Dmemleak.fleet.settle=true) ;;
  *) echo "phase must be all, prepare or measure, not $phase" >&2; exit 2 ;;
esac
mvn -B -q -pl sample-app -am test -P '!jdk25' -Dinvoker.skip \
  -Dtest=FleetScaleTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmemleak.fleet.pods="$pods" -Dmemleak.fleet.hours="$hours" \
  -Dmemleak.fleet.routes="$routes" -Dmemleak.fleet.tasks="$tasks" "${phase_args[@]}"
echo "Results: sample-app/target/fleet-scale/${pods}-pods/"
