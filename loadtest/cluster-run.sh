#!/usr/bin/env bash
# The cluster elasticity run: ElasticitySimulation against a deployed Helm release while its HPAs
# scale it. Load enters through the gateway's Service, so kube-proxy spreads the connections over
# every gateway pod (a pod that goes away takes only its own connections along). Every SAMPLE_SECONDS
# the run reads, through kubectl, each component's HPA (current and desired replicas) and pods
# (ready since when, terminating, deletion cost), and every gateway pod's /admin/routes (exchanges
# per upstream pod) and /metrics (load, p99), summed over the gateway pods. Mid-run it restarts the
# gateway (`kubectl rollout restart`) and force-deletes one course pod. It writes
# loadtest/target/elasticity/{timeline.csv,timeline.html,events.csv,summary.json,hpa-watch.txt,pod-memory.txt},
# and prints each component's pod memory idle and under load.
#
# Usage:   loadtest/cluster-run.sh [--short] [-Dname=value ...]   (any ElasticitySimulation property)
#          --short: the CI profile (about 6 minutes of load instead of 8).
# Env:     NAMESPACE (vertx-elastic), RELEASE (demo), KUBECTL (kubectl, with flags if needed), SAMPLE_SECONDS (3),
#          BASE_URL: the gateway's public URL; unset = the gateway Service's cluster IP, which the host
#          reaches on cluster/ (kube-proxy's OUTPUT rules); on kind or minikube give an Ingress or NodePort URL,
#          MANAGEMENT_URL: unset = the management Service's cluster IP on 9080; its port is the one the
#          run reads on every gateway pod's own address (the pod network must be reachable from here).
# The HPAs' behaviour must be short enough for the profile: cluster/elastic applies cluster/elastic-values.yaml.
# Fails when Gatling's assertions fail (any failed request, per phase and globally; p99 bounds), when a
# player saw a game cut by the server, when a component's HPA never scaled up and back down, or when a new
# pod did not take its share within 2 s of Ready.
set -euo pipefail
cd "$(dirname "$0")/.."
namespace=${NAMESPACE:-vertx-elastic}
release=${RELEASE:-demo}
read -ra kubectl <<<"${KUBECTL:-kubectl}"   # the command and its global flags, e.g. "kubectl --context kind-vertx-elastic"
# The chart's fullname: the release name when it already contains the chart name.
if [[ "$release" == *vertx-elastic* ]]; then fullname=$release; else fullname="$release-vertx-elastic"; fi
k() { "${kubectl[@]}" -n "$namespace" "$@"; }

# Phases (seconds) and load; the mid-run actions fall inside the peak, after the first scale-ups.
profile=(-DbaselineSeconds=45 -DrampSeconds=30 -DpeakSeconds=180 -DrampDownSeconds=30 -DcoolDownSeconds=180
  -DrestartGatewayAtSeconds=120 -DforceDeleteEduAtSeconds=180)
verdict=()
if [[ ${1:-} == --short ]]; then
  shift
  verdict=(--short)
  # CI shares 2 cores between the whole cluster and the load: the warm catalog p99 was 102-279 ms in the
  # peak of four green CI runs and over 500 ms in one where the gateway's own p99 was 4-7x theirs. 1 s
  # still catches a lost second (issue 17) without failing CI on a busy machine's latency, in the warm
  # phases after the peak. The peak holds the gateway's rollout restart, a course pod's forced delete and
  # the starts of the pods that replace them: on a machine 1.6x slower (30 Nov 2026 evening: nginx's CPU
  # per request in loadtest/gateway-bench.sh) its catalog p99 was 1.8 and 3.1 s in two CI runs, after the
  # replacement course pod turned ready: a new JVM's first requests took 0.3-2.5 s each. The chart's
  # warm-up before readiness (WARMUP_REQUESTS) takes them now (493, 519, 1,217, 283 and 2,678 ms there in the
  # next five runs: the last with the gateway's own peak p99 at 1.4 s, JVM starts sharing two cores), so the
  # peak stays bounded at 5 s, and held to no failure and no 5xx.
  profile=(-DbaselineSeconds=30 -DrampSeconds=20 -DpeakSeconds=130 -DrampDownSeconds=20 -DcoolDownSeconds=150
    -DrestartGatewayAtSeconds=95 -DforceDeleteEduAtSeconds=140 -DwarmP99Ms=1000 -DpeakP99Ms=5000)
fi

command -v "${kubectl[0]}" >/dev/null || { echo "${kubectl[0]} not found (set KUBECTL)"; exit 2; }
if ! k get deployment "$fullname-gateway" >/dev/null; then
  echo "no release '$release' in namespace '$namespace' (deployment $fullname-gateway not found): set RELEASE / NAMESPACE"
  exit 2
fi
for component in gateway edu game; do
  k get hpa "$fullname-$component" >/dev/null 2>&1 || { echo "no HPA for $component: install with its autoscaling enabled (cluster/elastic-values.yaml)"; exit 2; }
done

service_url() { echo "http://$(k get svc "$1" -o jsonpath='{.spec.clusterIP}'):$2"; }
BASE_URL=${BASE_URL:-$(service_url "$fullname-gateway" "$(k get svc "$fullname-gateway" -o jsonpath='{.spec.ports[0].port}')")}
MANAGEMENT_URL=${MANAGEMENT_URL:-$(service_url "$fullname-gateway-management" 9080)}
curl -sf -m 5 -o /dev/null "$BASE_URL/health/ready" || curl -sf -m 5 -o /dev/null "$BASE_URL/" \
  || { echo "the gateway does not answer at $BASE_URL from here: set BASE_URL (an Ingress, a NodePort)"; exit 2; }
echo "load through $BASE_URL (the gateway Service), gateway pods read on the port of $MANAGEMENT_URL"

report_dir="$PWD/loadtest/target/elasticity"
rm -rf "$report_dir" && mkdir -p "$report_dir"
# `kubectl get hpa -w` with a timestamp per line, and every pod's memory and CPU from metrics-server
# (`kubectl top`, the kubelet's working set: RSS and active page cache) every 15 s, for the record;
# both stopped (by their PIDs) when the run ends.
watch_pid= memory_pid=
stop_watch() {
  local pid
  for pid in $watch_pid $memory_pid; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; done
  watch_pid= memory_pid=
}
trap stop_watch EXIT
"${kubectl[@]}" -n "$namespace" get hpa -l "app.kubernetes.io/instance=$release" -w \
  > >(while IFS= read -r line; do printf '%s %s\n' "$(date -u +%T)" "$line"; done >"$report_dir/hpa-watch.txt") 2>&1 &
watch_pid=$!
# Bounded by the longest profile's length too, should the run's end never come.
(for ((i = 0; i < 120; i++)); do
  k top pods -l "app.kubernetes.io/instance=$release" --no-headers 2>/dev/null | sed "s/^/$(date -u +%T) /"
  sleep 15
done) >"$report_dir/pod-memory.txt" &
memory_pid=$!

status=0
# Gatling's output is kept, and its assertion lines are printed again at the end beside the verdict.
./mvnw -B -ntp -q -pl loadtest test-compile gatling:test \
  -Dgatling.simulationClass=dev.vertxelastic.loadtest.ElasticitySimulation \
  -DbaseUrl="$BASE_URL" -DmanagementUrl="$MANAGEMENT_URL" -DelasticityDir="$report_dir" \
  -Dkubernetes.namespace="$namespace" -Dkubernetes.release="$release" -Dkubectl="${kubectl[*]}" \
  -DsampleSeconds="${SAMPLE_SECONDS:-3}" "${profile[@]}" \
  -DlearnersPerSec=1 -DlearnersPeakPerSec=8 -DplayersPerSec=0.3 -DplayersPeakPerSec=1.2 -DplaySeconds=30 -Dp99Ms=3000 \
  "$@" 2>&1 | tee "$report_dir/gatling.log" || status=$?
stop_watch

if [[ -f "$report_dir/summary.json" ]]; then
  echo "elasticity summary: $(cat "$report_dir/summary.json")"
  echo "timeline: $report_dir/timeline.html (data: timeline.csv, events.csv; kubectl get hpa -w: hpa-watch.txt)"
  python3 loadtest/elastic-verdict.py "$report_dir/summary.json" "${verdict[@]}" || status=1
  # Per component: the working set of its pods in the first sample (the release idle, before the load)
  # and the highest of any of its pods over the run.
  awk -v prefix="$fullname-" '
    index($2, prefix) == 1 {
      c = substr($2, length(prefix) + 1); sub(/-.*/, "", c); m = $4 + 0
      if (!(c in first)) { first[c] = $1 }
      if ($1 == first[c]) { idle[c] = (c in idle && idle[c] > m) ? idle[c] : m }
      if (m > peak[c]) { peak[c] = m; at[c] = $1 }
    }
    END { for (c in peak) printf "pod memory (working set) %s: idle up to %d Mi, under load up to %d Mi (%s UTC)\n", c, idle[c], peak[c], at[c] }
  ' "$report_dir/pod-memory.txt" | sort
  grep -E ' : (true|false) \(actual' "$report_dir/gatling.log" | sed -E 's/^(.*) : true (.*)$/ok    gatling \1 \2/; s/^(.*) : false (.*)$/FAIL  gatling \1 \2/' || true
else
  echo "FAILED: no summary.json"; status=1
fi
echo "Gatling report: $(ls -td loadtest/target/gatling/*/ 2>/dev/null | head -n 1)index.html"
k get hpa -l "app.kubernetes.io/instance=$release" || true
exit $status
