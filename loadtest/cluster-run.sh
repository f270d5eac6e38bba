#!/usr/bin/env bash
# The cluster elasticity run: ElasticitySimulation against a deployed Helm release while the HPAs
# scale it. Every SAMPLE_SECONDS the run samples, through kubectl, each component's HPA (current
# and desired replicas) and ready pods, and the gateway's /admin/routes (ready endpoints, exchanges
# per pod) and /metrics (load, p99); it writes loadtest/target/elasticity/{timeline.csv,timeline.html,
# summary.json} and prints the per-phase table and how fast each component scaled up.
#
# Usage:   loadtest/cluster-run.sh [-Dname=value ...]      (any ElasticitySimulation property)
# Env:     NAMESPACE (vertx-elastic), RELEASE (demo), KUBECTL (kubectl, with flags if needed), SAMPLE_SECONDS (5),
#          BASE_URL: the gateway's public URL (an Ingress, a LoadBalancer); unset = a kubectl
#          port-forward to the gateway Service on 127.0.0.1:18080 (all load then enters through one
#          gateway pod; the services behind it still spread over their pods),
#          MANAGEMENT_URL: the gateway's management port; unset = a port-forward on 127.0.0.1:19080.
# Fails when Gatling's assertions fail (any failed request, per phase and globally; p99 bounds)
# or when a player saw a game cut by the server.
set -euo pipefail
cd "$(dirname "$0")/.."
namespace=${NAMESPACE:-vertx-elastic}
release=${RELEASE:-demo}
read -ra kubectl <<<"${KUBECTL:-kubectl}"   # the command and its global flags, e.g. "kubectl --context kind-vertx-elastic"
# The chart's fullname: the release name when it already contains the chart name.
if [[ "$release" == *vertx-elastic* ]]; then fullname=$release; else fullname="$release-vertx-elastic"; fi

command -v "${kubectl[0]}" >/dev/null || { echo "${kubectl[0]} not found (set KUBECTL)"; exit 2; }
if ! "${kubectl[@]}" -n "$namespace" get deployment "$fullname-gateway" >/dev/null; then
  echo "no release '$release' in namespace '$namespace' (deployment $fullname-gateway not found): set RELEASE / NAMESPACE"
  exit 2
fi
"${kubectl[@]}" -n "$namespace" get hpa -l "app.kubernetes.io/instance=$release"

forwards=()
cleanup() { for p in "${forwards[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
forward() { # service, local port, remote port -> waits until the local port answers
  "${kubectl[@]}" -n "$namespace" port-forward "service/$1" "$2:$3" >/dev/null 2>&1 &
  forwards+=($!)
  local deadline=$((SECONDS + 30))
  until curl -s -o /dev/null "http://127.0.0.1:$2/"; do
    if (( SECONDS > deadline )); then echo "port-forward to service/$1 not up within 30 s"; exit 1; fi
    sleep 1
  done
}
if [[ -z "${BASE_URL:-}" ]]; then
  forward "$fullname-gateway" 18080 80
  BASE_URL=http://127.0.0.1:18080
fi
if [[ -z "${MANAGEMENT_URL:-}" ]]; then
  forward "$fullname-gateway-management" 19080 9080
  MANAGEMENT_URL=http://127.0.0.1:19080
fi
report_dir="$PWD/loadtest/target/elasticity"
rm -rf "$report_dir"

# A profile long enough for HPAs: they act on 15 s metric windows, scale up fast and scale down
# after a 300 s stabilization window (the chart's behavior), so the cool-down lasts 7 minutes.
status=0
./mvnw -B -ntp -q -pl loadtest gatling:test \
  -Dgatling.simulationClass=dev.vertxelastic.loadtest.ElasticitySimulation \
  -DbaseUrl="$BASE_URL" -DmanagementUrl="$MANAGEMENT_URL" -DelasticityDir="$report_dir" \
  -Dkubernetes.namespace="$namespace" -Dkubernetes.release="$release" -Dkubectl="${kubectl[*]}" \
  -DsampleSeconds="${SAMPLE_SECONDS:-5}" \
  -DbaselineSeconds=60 -DrampSeconds=60 -DpeakSeconds=240 -DrampDownSeconds=60 -DcoolDownSeconds=420 \
  -DlearnersPerSec=5 -DlearnersPeakPerSec=60 -DplayersPerSec=1 -DplayersPeakPerSec=6 -DplaySeconds=30 -Dp99Ms=1000 \
  "$@" || status=$?

if [[ -f "$report_dir/summary.json" ]]; then
  echo "elasticity summary: $(cat "$report_dir/summary.json")"
  echo "timeline: $report_dir/timeline.html (data: timeline.csv)"
  if ! grep -Eq '"gamesCut":0[,}]' "$report_dir/summary.json"; then echo "FAILED: players saw games cut by the server"; status=1; fi
fi
echo "Gatling report: $(ls -td loadtest/target/gatling/*/ 2>/dev/null | head -n 1)index.html"
"${kubectl[@]}" -n "$namespace" get hpa -l "app.kubernetes.io/instance=$release" || true
exit $status
