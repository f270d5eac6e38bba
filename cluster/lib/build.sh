# Builds the cluster's Go programs from the Go module proxy (sourced by cluster/up). Each cluster/build/<module>/
# is a small wrapper module pinning the releases it builds; the binaries are cached under
# $CACHE/bin/<name>-<hash of go.mod, go.sum, sources, Go version and flags>, so a second `up` builds nothing.

# version_flags <version>: -X flags that make client-go's and component-base's version report <version> (what
# `kubectl version`, the components' --version and their User-Agent show; upstream Makefiles set them the same way).
version_flags() {
  local key flags=""
  for key in client-go/pkg/version component-base/version; do
    flags+=" -X k8s.io/$key.gitVersion=v$1 -X k8s.io/$key.gitMajor=${1%%.*}"
    flags+=" -X k8s.io/$key.gitMinor=$(cut -d. -f2 <<<"$1") -X k8s.io/$key.gitTreeState=clean"
  done
  echo "$flags"
}

# module_version <module> <module path>: the version cluster/build/<module>/go.mod requires of <module path> (v-prefixed).
module_version() {
  awk -v path="$2" '$1 == path { print $2; exit }' "$CLUSTER_DIR/build/$1/go.mod"
}

# build_module <name> <module> <ldflags> <package>...: builds the packages of cluster/build/<module> into the cache
# under <name>, links them into $STATE/bin. Programs of one module share its compiled packages; only the link differs.
build_module() {
  local name=$1 src=$CLUSTER_DIR/build/$2 ldflags="-s -w $3"; shift 3
  local hash
  # The wrapper's own sources count too (coredns's and pod-sd's main.go); a module without dependencies has no go.sum.
  hash=$(cat "$src/go.mod" $([[ -f $src/go.sum ]] && echo "$src/go.sum") $(find "$src" -maxdepth 1 -name '*.go' | sort) \
    <(go version) <(echo "$ldflags $*") | sha256sum | cut -c1-16)
  local out=$CACHE/bin/$name-$hash
  if [[ ! -f $out/.complete ]]; then
    log "building $name ($*) into $out: nice -n 10 go build (minutes on a cold Go cache)"
    rm -rf "$out.tmp" && mkdir -p "$out.tmp"
    (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=readonly nice -n 10 go build -trimpath -ldflags "$ldflags" -o "$out.tmp/" "$@") \
      >"$CACHE/bin/$name.build.log" 2>&1 || { tail -n 30 "$CACHE/bin/$name.build.log" >&2; die "go build of $name"; }
    touch "$out.tmp/.complete" && mv "$out.tmp" "$out"
  else
    log "$name: cached in $out"
  fi
  mkdir -p "$STATE/bin"
  local f
  for f in "$out"/*; do ln -sfn "$f" "$STATE/bin/$(basename "$f")"; done
}

build_all() {
  mkdir -p "$CACHE/bin"
  # One module graph for everything built on k8s.io/* libraries: each shared package compiles once; each program
  # then links with its own version.
  build_module kubernetes kubernetes "$(version_flags "$K8S_VERSION")" k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubelet \
    k8s.io/kubernetes/cmd/kube-proxy k8s.io/kubernetes/cmd/kubectl ./etcd
  local metrics_server helm
  metrics_server=$(module_version kubernetes sigs.k8s.io/metrics-server) helm=$(module_version kubernetes helm.sh/helm/v3)
  build_module metrics-server kubernetes "$(version_flags "${metrics_server#v}")" sigs.k8s.io/metrics-server/cmd/metrics-server
  build_module helm kubernetes "-X helm.sh/helm/v3/internal/version.version=$helm" helm.sh/helm/v3/cmd/helm
  # prometheus-adapter 0.12.0 is written for k8s.io v0.30 and custom-metrics-apiserver 1.30: on the 1.34 libraries
  # its main no longer compiles and its Prometheus client sends a negative query timeout, so it keeps its own module.
  build_module prometheus-adapter prometheus-adapter "" sigs.k8s.io/prometheus-adapter/cmd/adapter
  # CoreDNS follows newer libraries (client-go 0.35, grpc 1.83) than Kubernetes 1.34 pins, so it keeps its own module.
  build_module coredns coredns "" .
  build_module pod-sd pod-sd "" .
}
