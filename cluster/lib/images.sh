# Images without a remote registry (sourced by cluster/up): Debian root filesystems made by mmdebstrap,
# turned into images by podman, pushed to Debian's docker-registry on loopback ($REGISTRY), which
# containerd pulls from. Tags are hashes of what an image is built from, so a built image is reused.

PODMAN=(podman --root "$CACHE/podman/root" --runroot "$STATE/podman/run" --cgroup-manager=cgroupfs --events-backend=none)

start_registry() {
  mkdir -p "$CACHE/registry" "$STATE/registry"
  cat >"$STATE/registry/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $CACHE/registry
  delete:
    enabled: true
http:
  addr: $REGISTRY
YAML
  start_daemon registry docker-registry serve "$STATE/registry/config.yml"
  wait_for 30 "the registry on $REGISTRY" curl -sf "http://$REGISTRY/v2/" || { tail_log registry; die "registry"; }
}

# image_present <name:tag>: the registry already has it.
image_present() { curl -sf -o /dev/null -H 'Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' "http://$REGISTRY/v2/${1%%:*}/manifests/${1##*:}"; }

push() { "${PODMAN[@]}" push --quiet --tls-verify=false --format oci "$1" "docker://$REGISTRY/$1" >/dev/null; }

# debian_image <name> <packages> [hook]: a bookworm root filesystem with those packages (mmdebstrap,
# minbase; kept in podman's store under a hash of packages and hook), then cluster/images/<name>/Containerfile
# on it if there is one, as $REGISTRY/ve/<name>:<hash>. Prints the reference.
debian_image() {
  local name=$1 packages=$2 hooks=${3:-}
  local dir=$CLUSTER_DIR/images/$name rootfs tag
  rootfs=ve/$name-rootfs:$(echo "bookworm $packages $hooks" | sha256sum | cut -c1-12)
  tag=$(cat <(echo "$rootfs") $(find "$dir" -type f 2>/dev/null | sort) | sha256sum | cut -c1-12)
  local ref=ve/$name:$tag
  image_present "$ref" && { echo "$ref"; return 0; }
  if ! "${PODMAN[@]}" image exists "$rootfs"; then
    log "image $rootfs: mmdebstrap bookworm + $packages (a few minutes)"
    local tar=$STATE/images/$name-rootfs.tar
    mkdir -p "$STATE/images"
    nice -n 10 mmdebstrap --variant=minbase --include="$packages" --dpkgopt=path-exclude=/usr/share/doc/* \
      --dpkgopt=path-exclude=/usr/share/locale/* \
      ${hooks:+--customize-hook="$hooks"} --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
      bookworm "$tar" http://deb.debian.org/debian >"$LOGS/image-$name.log" 2>&1 \
      || { tail -n 30 "$LOGS/image-$name.log" >&2; die "mmdebstrap of $name"; }
    "${PODMAN[@]}" import "$tar" "$rootfs" >/dev/null && rm -f "$tar"
  fi
  if [[ -f $dir/Containerfile ]]; then
    "${PODMAN[@]}" build --quiet --build-arg "BASE=$rootfs" -t "$ref" "$dir" >/dev/null
  else
    "${PODMAN[@]}" tag "$rootfs" "$ref"
  fi
  push "$ref"
  echo "$ref"
}

# The pod sandbox image: one statically linked binary.
pause_image() {
  local dir=$CLUSTER_DIR/images/pause tag
  tag=$(cat "$dir/pause.c" <(gcc --version | head -1) | sha256sum | cut -c1-12)
  local ref=ve/pause:$tag
  if ! image_present "$ref"; then
    log "image $ref: pause.c compiled statically"
    mkdir -p "$STATE/images/pause"
    gcc -Os -static -s -Wall -o "$STATE/images/pause/pause" "$dir/pause.c"
    printf 'FROM scratch\nCOPY pause /pause\nUSER 65535:65535\nENTRYPOINT ["/pause"]\n' >"$STATE/images/pause/Containerfile"
    "${PODMAN[@]}" build --quiet -t "$ref" "$STATE/images/pause" >/dev/null
    push "$ref"
  fi
  echo "$ref"
}

# The base image of the services' Jib builds, the images the chart's PostgreSQL and test pod use, and Prometheus.
build_images() {
  start_registry
  PAUSE_IMAGE=$REGISTRY/$(pause_image)
  JRE_IMAGE=$REGISTRY/$(debian_image jre17 openjdk-17-jre-headless)
  POSTGRESQL_IMAGE=$REGISTRY/$(debian_image postgresql postgresql-15 \
    'chroot "$1" sh -c "usermod -u 70 postgres && groupmod -g 70 postgres && chown -R 70:70 /var/lib/postgresql /var/run/postgresql"')
  CURL_IMAGE=$REGISTRY/$(debian_image curl curl,ca-certificates)
  PROMETHEUS_IMAGE=$REGISTRY/$(debian_image prometheus prometheus)
  cat >"$STATE/images.env" <<ENV
PAUSE_IMAGE=$PAUSE_IMAGE
JRE_IMAGE=$JRE_IMAGE
POSTGRESQL_IMAGE=$POSTGRESQL_IMAGE
CURL_IMAGE=$CURL_IMAGE
PROMETHEUS_IMAGE=$PROMETHEUS_IMAGE
ENV
}

# binary_image <name> <program>: one statically linked Go program from $STATE/bin on an empty image.
binary_image() {
  local name=$1 program=$2 tag bin
  bin=$(readlink -f "$STATE/bin/$program")
  tag=$(sha256sum "$bin" | cut -c1-12)
  local ref=ve/$name:$tag
  if ! image_present "$ref"; then
    log "image $ref: $program on an empty image"
    mkdir -p "$STATE/images/$name"
    cp "$bin" "$STATE/images/$name/$program"
    printf 'FROM scratch\nCOPY %s /%s\nUSER 65534:65534\nENTRYPOINT ["/%s"]\n' "$program" "$program" "$program" >"$STATE/images/$name/Containerfile"
    "${PODMAN[@]}" build --quiet -t "$ref" "$STATE/images/$name" >/dev/null
    push "$ref"
  fi
  echo "$REGISTRY/$ref"
}
