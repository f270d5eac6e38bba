#!/usr/bin/env bash
# The AppCDS training start (cluster/images/appcds/Containerfile): starts the image's service as Jib's
# entrypoint does, with -XX:ArchiveClassesAtExit=<archive>; waits until it listens (/health/live answers
# 200; a gateway without upstreams is never ready), sends it a few requests, then stops it with SIGTERM,
# and the JVM writes the archive as it exits. Its home, database and signing secret are throwaway ones
# in a directory that is removed afterwards.
set -euo pipefail
archive=$1
port=8080 management=9080
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT

# One HTTP/1.0 GET on loopback with bash's /dev/tcp (the image has no curl); prints the status line.
get() { # path [port]
  exec 3<>"/dev/tcp/127.0.0.1/${2:-$port}" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$1" >&3
  local status
  IFS= read -r status <&3 || status=""
  exec 3>&-
  echo "$status"
}

mkdir -p "$(dirname "$archive")"
# The course service opens its default H2 file under the working directory: the throwaway one.
cd "$home"
# WARMUP_REQUESTS as the chart sets it: the classes of the warm-up's client go into the archive too.
HOME=$home HTTP_PORT=$port MANAGEMENT_PORT=$management INSTANCE_ID=appcds-training WARMUP_REQUESTS=20 \
  java -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=error -cp @/app/jib-classpath-file "$(cat /app/jib-main-class-file)" &
pid=$!
for _ in $(seq 1 600); do
  [[ "$(get /health/live "$management" 2>/dev/null)" == *" 200 "* ]] && break
  kill -0 "$pid" 2>/dev/null || { echo "the training start exited before it was ready" >&2; exit 1; }
  sleep 0.1
done
[[ "$(get /health/live "$management")" == *" 200 "* ]] || { echo "the training start did not listen within 60 s" >&2; kill "$pid"; exit 1; }
# The request path's classes too: routing, problems, metrics, and the services' own read paths.
for path in /api/courses /api/courses/none /api/games /api/none /; do
  get "$path" >/dev/null || true
done
get /health/ready "$management" >/dev/null || true
get /metrics "$management" >/dev/null || true
kill -TERM "$pid"
wait "$pid" || true
[[ -s $archive ]] || { echo "no archive was written at $archive" >&2; exit 1; }
# -Xshare:on fails instead of starting without the archive: proof that this JVM and class path can map it.
java -Xshare:on -XX:SharedArchiveFile="$archive" -cp @/app/jib-classpath-file -version 2>&1 | head -1
chmod 0444 "$archive"
echo "AppCDS archive $archive: $(du -k "$archive" | cut -f1) KiB"
