#!/bin/sh
# Writes prometheusrule.yaml: the groups of memleak-alerts.rules.yml (the single source) wrapped in a
# PrometheusRule for the Prometheus Operator. Run it after every change to the rules file;
# `mvn verify` (PrometheusRuleSyncTests) fails while the two differ.
set -eu
cd "$(dirname "$0")"
{
  cat <<'HEADER'
# Generated from memleak-alerts.rules.yml by generate-prometheusrule.sh: do not edit by hand.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: memleak-alerts
  labels:
    app.kubernetes.io/name: memleak
    app.kubernetes.io/component: alerting
    # kube-prometheus-stack's Prometheus selects rules labelled release=<its Helm release name>
    # (ruleSelectorNilUsesHelmValues); change it in an overlay if your release has another name.
    release: kube-prometheus-stack
spec:
HEADER
  # Everything from the "groups:" line on, indented under spec (the file's header comment stays behind).
  awk 'started || /^groups:/ { started = 1; if ($0 == "") print ""; else print "  " $0 }' memleak-alerts.rules.yml
} > prometheusrule.yaml
