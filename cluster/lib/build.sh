# Builds the cluster's Go programs from the Go module proxy, once per wrapper module (sourced by cluster/up).
# Each cluster/build/<name>/ is a small module pinning one release; its binaries are cached under
# $CACHE/bin/<name>-<hash of go.mod, go.sum, Go version and flags>, so a second `up` builds nothing.

# build_module <name> <package>...: builds the packages of cluster/build/<name> into the cache, links them into $STATE/bin.
build_module() {
  local name=$1; shift
  local src=$CLUSTER_DIR/build/$name ldflags="-s -w"
  if [[ $name == kubernetes ]]; then
    local key
    for key in client-go/pkg/version component-base/version; do
      ldflags+=" -X k8s.io/$key.gitVersion=v$K8S_VERSION -X k8s.io/$key.gitMajor=${K8S_VERSION%%.*}"
      ldflags+=" -X k8s.io/$key.gitMinor=$(cut -d. -f2 <<<"$K8S_VERSION") -X k8s.io/$key.gitTreeState=clean"
    done
  fi
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
  build_module kubernetes k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-proxy \
    k8s.io/kubernetes/cmd/kubectl ./etcd
  build_module coredns .
  build_module metrics-server sigs.k8s.io/metrics-server/cmd/metrics-server
  build_module prometheus-adapter sigs.k8s.io/prometheus-adapter/cmd/adapter
  build_module pod-sd .
  build_module helm helm.sh/helm/v3/cmd/helm
}
