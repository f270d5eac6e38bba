#!/usr/bin/env bash
# Watches the local stack with a local Prometheus (Debian's `prometheus` package: apt-get install
# --no-install-recommends prometheus). Scrapes every instance through the stack's control API and
# evaluates the chart's alerting rules. Usage:
#   k8s/addons/prometheus-local.sh                       # UI and API on http://localhost:9091
# Environment: PROMETHEUS_PORT (9091; never 9090, the stack's control port), STACK_CONTROL_PORT (9090),
# PROMETHEUS (the binary; default: prometheus on the PATH, else /usr/bin/prometheus).
# Storage is a temporary directory, removed when Prometheus stops (Ctrl-C).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
port=${PROMETHEUS_PORT:-9091}
control_port=${STACK_CONTROL_PORT:-9090}
binary=${PROMETHEUS:-$(command -v prometheus || echo /usr/bin/prometheus)}
if [[ ! -x $binary ]]; then
  echo "no prometheus binary: apt-get install --no-install-recommends prometheus (or set PROMETHEUS)" >&2
  exit 1
fi
if [[ $port == "$control_port" ]]; then
  echo "PROMETHEUS_PORT must differ from the stack's control port $control_port" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s#127.0.0.1:9090/prometheus/targets#127.0.0.1:$control_port/prometheus/targets#" \
  "$here/prometheus-local.yml" >"$work/prometheus.yml"
cp "$here/vertx-elastic-rules.yaml" "$work/"

echo "Prometheus on http://localhost:$port (targets: /targets, alerts: /alerts), scraping via http://127.0.0.1:$control_port/prometheus/targets"
"$binary" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$port" --storage.tsdb.retention.time=1d &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
trap 'exit 0' INT TERM
wait "$pid"
