# Shared settings and helpers of cluster/up, cluster/down and cluster/e2e (sourced, not run).
# Network rule: see the header of cluster/up. Every address below lies inside 198.18.0.0/15.

CLUSTER_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_DIR=$(cd "$CLUSTER_DIR/.." && pwd)

# Kept across runs and fresh clones: built binaries and images (keyed by what they are built from).
CACHE=${VE_CLUSTER_CACHE:-/var/cache/vertx-elastic-cluster}
# This cluster's state: PKI, etcd data, configs, logs, pid files. `down` removes it.
STATE=${VE_CLUSTER_STATE:-/var/lib/vertx-elastic-cluster}
LOGS=$STATE/logs
PIDS=$STATE/pids

K8S_VERSION=1.34.4
NODE_NAME=ve-node
# The node's own address (on the pods' bridge), so the kubelet, the apiserver's advertised address and
# NodePorts live inside the test range and nothing binds a real interface.
NODE_IP=198.18.0.1
NODE_CIDR=198.18.0.1/32
POD_CIDR=198.18.64.0/18
BRIDGE=ve-cni0
BRIDGE_IP=198.18.64.1
SERVICE_CIDR=198.18.128.0/20
KUBERNETES_SVC_IP=198.18.128.1
DNS_SVC_IP=198.18.128.10
TEST_RANGE=198.18.0.0/15
APISERVER_PORT=6443
REGISTRY=127.0.0.1:5001
CLUSTER_DOMAIN=cluster.local
KUBECONFIG_ADMIN=$STATE/pki/admin.kubeconfig
CONTAINERD_SOCK=$STATE/containerd/containerd.sock
CONTAINERD_NS=k8s.io

export PATH="$STATE/bin:$PATH"

log() { printf '[cluster %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# One cluster/up or cluster/down at a time: the calling script runs again under an exclusive lock
# (a CI run's `down` would otherwise tear a developer's `up` apart half-way). flock -o keeps the lock
# in flock's own process, so the daemons `up` leaves running do not hold it.
LOCK_FILE=/run/vertx-elastic-cluster.lock
one_at_a_time() {
  [[ -n ${VE_CLUSTER_LOCKED:-} ]] && return 0
  local rc=0
  VE_CLUSTER_LOCKED=1 flock -n -o -E 75 "$LOCK_FILE" bash "$0" "$@" || rc=$?
  ((rc == 75)) && die "another cluster/up or cluster/down is running ($LOCK_FILE is locked): wait for it to end"
  exit "$rc"
}

# Prints the last lines of a component's log, for a failure message.
tail_log() { local f=$LOGS/$1.log; [[ -f $f ]] && { echo "---- tail of $f" >&2; tail -n "${2:-40}" "$f" >&2; }; return 0; }

# wait_for <seconds> <what> <command...>: polls a condition until it holds or the deadline passes.
wait_for() {
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { log "timed out after waiting for: $what"; return 1; }
    sleep 1
  done
}

# start_daemon <name> <command...>: runs it in the background, logs to $LOGS/<name>.log, PID in $PIDS/<name>.pid.
start_daemon() {
  local name=$1; shift
  mkdir -p "$LOGS" "$PIDS"
  if [[ -f $PIDS/$name.pid ]] && kill -0 "$(cat "$PIDS/$name.pid")" 2>/dev/null; then
    log "$name already running (pid $(cat "$PIDS/$name.pid"))"; return 0
  fi
  setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
  log "$name started (pid $!, log $LOGS/$name.log)"
}

# write_file <path>: stdin into the file, only when it differs (kube-proxy exits when its config file is touched).
write_file() {
  local tmp; tmp=$(mktemp)
  cat >"$tmp"
  if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv "$tmp" "$1"; fi
}

# The process is still alive, or its log tail is printed and up fails.
alive() { kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null || { tail_log "$1"; die "$1 exited"; }; }

kc() { kubectl --kubeconfig "$KUBECONFIG_ADMIN" "$@"; }
