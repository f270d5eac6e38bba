# The node's network, cgroups, containerd, control plane, kubelet and kube-proxy (sourced by cluster/up).

CGROUP_CONTROLLERS=(cpu cpuacct cpuset memory devices freezer blkio pids systemd unified)
# Kernel settings the kubelet changes at start (its kernel tunables); `down` puts the old values back.
KUBELET_SYSCTLS=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes)

setup_network() {
  [[ -f $STATE/sysctl.saved ]] || sysctl -n "${KUBELET_SYSCTLS[@]}" | paste -d= <(printf '%s\n' "${KUBELET_SYSCTLS[@]}") - >"$STATE/sysctl.saved"
  # The node's own address sits on the pods' bridge too (this kernel has no dummy interfaces).
  ip link show "$BRIDGE" >/dev/null 2>&1 || {
    ip link add "$BRIDGE" type bridge && ip addr add "$BRIDGE_IP/${POD_CIDR#*/}" dev "$BRIDGE" \
      && ip addr add "$NODE_CIDR" dev "$BRIDGE" && ip link set "$BRIDGE" up; }
  # Forwarding only for packets that enter from the pods' bridge (Service traffic between pods); the
  # host's global ip_forward stays as it was, so nothing is forwarded from or to a real interface.
  sysctl -qw "net.ipv4.conf.$BRIDGE.forwarding=1"
  [[ $(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null) == 1 ]] || die "br_netfilter: net.bridge.bridge-nf-call-iptables must be 1"
  # Whatever in the test range no rule or interface catches goes nowhere.
  ip route replace blackhole "$TEST_RANGE"
  # Service addresses from the host: kube-proxy's DNAT in OUTPUT rewrites them to a pod on the bridge.
  ip route replace "$SERVICE_CIDR" dev "$BRIDGE" src "$NODE_IP"
}

setup_cgroups() {
  local c
  for c in "${CGROUP_CONTROLLERS[@]}"; do
    [[ -d /sys/fs/cgroup/$c ]] || continue
    mkdir -p "/sys/fs/cgroup/$c/vertx-elastic"
  done
  # The whole cluster (every pod) weighs as much as one host process by default (cpu.shares 1024): on
  # a machine shared with other builds that starves its pods. VE_CLUSTER_CPU_SHARES raises its weight.
  if [[ -n ${VE_CLUSTER_CPU_SHARES:-} && -d /sys/fs/cgroup/cpu/vertx-elastic ]]; then
    echo "$VE_CLUSTER_CPU_SHARES" >/sys/fs/cgroup/cpu/vertx-elastic/cpu.shares
  fi
  if [[ -d /sys/fs/cgroup/cpuset/vertx-elastic ]]; then
    cat /sys/fs/cgroup/cpuset/cpuset.cpus >/sys/fs/cgroup/cpuset/vertx-elastic/cpuset.cpus
    cat /sys/fs/cgroup/cpuset/cpuset.mems >/sys/fs/cgroup/cpuset/vertx-elastic/cpuset.mems
  fi
}

start_containerd() {
  local pause=$1 dir=$STATE/containerd
  mkdir -p "$dir/certs.d/$REGISTRY" "$STATE/cni/net.d"
  cat >"$dir/certs.d/$REGISTRY/hosts.toml" <<TOML
server = "http://$REGISTRY"
[host."http://$REGISTRY"]
  capabilities = ["pull", "resolve"]
TOML
  write_file "$dir/config.toml" <<TOML
version = 2
root = "$dir/root"
state = "$dir/state"
disabled_plugins = ["io.containerd.internal.v1.opt", "io.containerd.internal.v1.tracing", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$CONTAINERD_SOCK"
[ttrpc]
  address = "$CONTAINERD_SOCK.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$pause"
  # The pods' network namespaces are mounted under our state directory, not /var/run/netns.
  netns_mounts_under_state_dir = true
  # This machine gives root no CAP_SYS_RESOURCE: no container may get an oom_score_adj below containerd's.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$dir/certs.d"
TOML
  # The pods' network: the bridge made above, addresses from the pod range, routes only to the test range.
  write_file "$STATE/cni/net.d/10-ve-pods.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "ve-pods",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": false,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$STATE/cni/ipam",
        "ranges": [[{"subnet": "$POD_CIDR", "rangeStart": "198.18.64.10", "gateway": "$BRIDGE_IP"}]],
        "routes": [{"dst": "$TEST_RANGE", "gw": "$BRIDGE_IP"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
JSON
  start_daemon containerd containerd --config "$dir/config.toml"
  wait_for 60 "containerd's socket" ctr --address "$CONTAINERD_SOCK" version || { tail_log containerd; die "containerd"; }
}

start_etcd() {
  mkdir -p "$STATE/etcd" && chmod 700 "$STATE/etcd"
  start_daemon etcd etcd --name ve-etcd --data-dir "$STATE/etcd" \
    --listen-client-urls https://127.0.0.1:23791 --advertise-client-urls https://127.0.0.1:23791 \
    --listen-peer-urls http://127.0.0.1:23801 --initial-advertise-peer-urls http://127.0.0.1:23801 \
    --initial-cluster ve-etcd=http://127.0.0.1:23801 --listen-metrics-urls http://127.0.0.1:23811 \
    --cert-file "$PKI/etcd.crt" --key-file "$PKI/etcd.key" --client-cert-auth --trusted-ca-file "$PKI/ca.crt"
  wait_for 60 "etcd health" curl -sf http://127.0.0.1:23811/health || { tail_log etcd; die "etcd"; }
}

start_control_plane() {
  start_daemon kube-apiserver kube-apiserver --advertise-address="$NODE_IP" --bind-address="$NODE_IP" \
    --secure-port="$APISERVER_PORT" --etcd-servers=https://127.0.0.1:23791 --etcd-cafile="$PKI/ca.crt" \
    --etcd-certfile="$PKI/apiserver-etcd-client.crt" --etcd-keyfile="$PKI/apiserver-etcd-client.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" --allow-privileged=true --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NodeRestriction --client-ca-file="$PKI/ca.crt" \
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority="$PKI/ca.crt" --kubelet-preferred-address-types=InternalIP \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --service-account-issuer="https://kubernetes.default.svc.$CLUSTER_DOMAIN" \
    --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
    --requestheader-extra-headers-prefix=X-Remote-Extra- --requestheader-group-headers=X-Remote-Group \
    --requestheader-username-headers=X-Remote-User --proxy-client-cert-file="$PKI/front-proxy-client.crt" \
    --proxy-client-key-file="$PKI/front-proxy-client.key" --enable-aggregator-routing=true --profiling=false
  wait_for 120 "the apiserver's /readyz" curl -sf --cacert "$PKI/ca.crt" "https://$NODE_IP:$APISERVER_PORT/readyz" \
    || { tail_log kube-apiserver; die "kube-apiserver"; }
  start_daemon kube-controller-manager kube-controller-manager --kubeconfig="$PKI/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$PKI/controller-manager.kubeconfig" --authorization-kubeconfig="$PKI/controller-manager.kubeconfig" \
    --bind-address="$NODE_IP" --leader-elect=false --use-service-account-credentials=true \
    --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" --root-ca-file="$PKI/ca.crt" \
    --service-account-private-key-file="$PKI/sa.key" --service-cluster-ip-range="$SERVICE_CIDR" \
    --cluster-cidr="$POD_CIDR" --allocate-node-cidrs=false --profiling=false
  start_daemon kube-scheduler kube-scheduler --kubeconfig="$PKI/scheduler.kubeconfig" \
    --authentication-kubeconfig="$PKI/scheduler.kubeconfig" --authorization-kubeconfig="$PKI/scheduler.kubeconfig" \
    --bind-address="$NODE_IP" --leader-elect=false --profiling=false
}

start_node() {
  mkdir -p "$STATE/kubelet" "$STATE/pod-logs"
  # Pods get the cluster DNS only: no resolver of the host's is passed on.
  : >"$STATE/kubelet/resolv.conf"
  write_file "$STATE/kubelet/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: $NODE_IP
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $PKI/kubelet-serving.crt
tlsPrivateKeyFile: $PKI/kubelet-serving.key
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
cgroupDriver: cgroupfs
cgroupRoot: /vertx-elastic
# This machine has cgroup v1 only; 1.34's kubelet still runs on it when told so (1.35 refuses by default).
failCgroupV1: false
failSwapOn: false
clusterDNS: [$DNS_SVC_IP]
clusterDomain: $CLUSTER_DOMAIN
resolvConf: $STATE/kubelet/resolv.conf
podLogsDir: $STATE/pod-logs
serializeImagePulls: false
maxPods: 60
imageGCHighThresholdPercent: 95
evictionHard: {memory.available: 200Mi, nodefs.available: 2%, imagefs.available: 2%}
YAML
  start_daemon kubelet kubelet --config="$STATE/kubelet/config.yaml" --kubeconfig="$PKI/kubelet.kubeconfig" \
    --root-dir="$STATE/kubelet/root" --cert-dir="$STATE/kubelet/pki" --hostname-override="$NODE_NAME" --node-ip="$NODE_IP"
  write_file "$STATE/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $PKI/kube-proxy.kubeconfig}
mode: iptables
hostnameOverride: $NODE_NAME
bindAddress: $NODE_IP
clusterCIDR: $POD_CIDR
healthzBindAddress: $NODE_IP:10256
metricsBindAddress: $NODE_IP:10249
nodePortAddresses: ["$NODE_CIDR"]
iptables: {localhostNodePorts: false}
# 0: leave the host's conntrack settings alone.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
YAML
  start_daemon kube-proxy kube-proxy --config="$STATE/kube-proxy.yaml"
  wait_for 120 "node $NODE_NAME Ready" sh -c "kubectl --kubeconfig '$KUBECONFIG_ADMIN' get node '$NODE_NAME' -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True" \
    || { tail_log kubelet 60; die "the node did not get Ready"; }
}
