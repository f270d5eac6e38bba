#!/usr/bin/env bash
# The game capacity benchmark: one game instance (and, for "gateway", one api-gateway with static
# discovery in front of it; for "nginx", Debian's nginx as a WebSocket proxy in front of it, the
# reference for the gateway's figures) on loopback, and the light bots in a JVM of their own pinned
# to another core; searches for the largest player count that keeps tick p99 <= 5 ms and frame
# interval p99 <= 60 ms (GameCapacity prints one table row per run).
#
#   game-session-service/bench/game-capacity.sh [direct|gateway|nginx|both|all] [GameCapacity options...]
#
# both: direct, then gateway; all: direct, gateway, then nginx.
# Build first: ./mvnw -B -ntp -o -q package -DskipTests -pl game-session-service,api-gateway -am
# Environment: SERVER_CPUS (0), PROXY_CPUS (the gateway's and nginx's; GATEWAY_CPUS, else SERVER_CPUS), BOT_CPUS (1): taskset core lists; BENCH_PORT_BASE (25000);
# SERVER_JAVA_OPTS, GATEWAY_JAVA_OPTS (SERVER_JAVA_OPTS; e.g. an -agentpath profiler), BOT_JAVA_OPTS; GAME_JAR, GATEWAY_JAR (another build of the server to measure,
# e.g. an older commit's, with this build's bots). Logs of the started processes go to $BENCH_LOGS.
set -euo pipefail

mode="${1:-both}"
case "$mode" in direct|gateway|nginx|both|all) shift || true ;; *) mode=both ;; esac
root="$(cd "$(dirname "$0")/../.." && pwd)"
bot_jar="$(ls "$root"/game-session-service/target/game-session-service-*-fat.jar 2>/dev/null | head -1 || true)"
game_jar="${GAME_JAR:-$bot_jar}"
gateway_jar="${GATEWAY_JAR:-$(ls "$root"/api-gateway/target/api-gateway-*-fat.jar 2>/dev/null | head -1 || true)}"
if [[ -z "$bot_jar" || ( "$mode" =~ ^(gateway|both|all)$ && -z "$gateway_jar" ) ]]; then
  echo "build first: ./mvnw -B -ntp -o -q package -DskipTests -pl game-session-service,api-gateway -am" >&2
  exit 2
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
if [[ "$mode" =~ ^(nginx|all)$ && ! -x "$nginx_bin" ]]; then
  echo "nginx is not installed (Debian: apt-get install nginx-light)" >&2
  exit 2
fi
server_cpus="${SERVER_CPUS:-0}"
bot_cpus="${BOT_CPUS:-1}"
proxy_cpus="${PROXY_CPUS:-${GATEWAY_CPUS:-$server_cpus}}"
base="${BENCH_PORT_BASE:-25000}"
game_port=$((base + 82)) game_mgmt=$((base + 92)) gateway_port=$((base + 80)) gateway_mgmt=$((base + 90)) nginx_port=$((base + 88))
logs="${BENCH_LOGS:-$(mktemp -d -t game-capacity.XXXXXX)}"
# A fresh signing secret shared by the three processes through their environment (never a file or an argument).
JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"
export JWT_SECRET
started=()

stop_all() {
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  started=()
}
trap stop_all EXIT

await_ready() { # url name
  for _ in $(seq 1 120); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" == 200 ]]; then return 0; fi
    sleep 0.5
  done
  echo "$2 did not get ready: see $logs" >&2
  exit 1
}

await_free() { # port...: a process of the previous path may still be closing its listeners
  for port in "$@"; do
    for _ in $(seq 1 60); do
      ss -ltn "sport = :$port" | grep -q LISTEN || break
      sleep 0.5
    done
  done
}

start_game() {
  await_free "$game_port" "$game_mgmt"
  # Limits out of the way (the search sets the load), sessions that end at once when their bots leave.
  env HTTP_PORT="$game_port" MANAGEMENT_PORT="$game_mgmt" INSTANCE_ID=bench-game GAME_MAX_PLAYERS=1000000 \
    GAME_MAX_SESSIONS=100000 GAME_MATCH_SECONDS=3600 GAME_EMPTY_TIMEOUT=1s GAME_RECONNECT_GRACE=0ms GAME_SEAT_HOLD=5s \
    GAME_DRAIN_DEADLINE=1s SHUTDOWN_TIMEOUT=2s LOG_LEVEL="${LOG_LEVEL:-WARNING}" \
    taskset -c "$server_cpus" java ${SERVER_JAVA_OPTS:-} -jar "$game_jar" >"$logs/game.log" 2>&1 &
  game_pid=$!
  started+=("$game_pid")
  await_ready "http://127.0.0.1:$game_port/health/ready" "the game instance"
}

start_gateway() {
  await_free "$gateway_port" "$gateway_mgmt"
  env HTTP_PORT="$gateway_port" MANAGEMENT_PORT="$gateway_mgmt" INSTANCE_ID=bench-gateway DISCOVERY=static \
    GATEWAY_UPSTREAMS="games=bench-game@http://127.0.0.1:$game_port" GATEWAY_TUNNELS_PER_ENDPOINT=100000 GATEWAY_MAX_CONNECTIONS=100000 \
    GATEWAY_DRAIN_DEADLINE=1s SHUTDOWN_TIMEOUT=2s LOG_LEVEL="${LOG_LEVEL:-WARNING}" \
    taskset -c "$proxy_cpus" java ${GATEWAY_JAVA_OPTS:-${SERVER_JAVA_OPTS:-}} -jar "$gateway_jar" >"$logs/gateway.log" 2>&1 &
  gateway_pid=$!
  started+=("$gateway_pid")
  await_ready "http://127.0.0.1:$gateway_mgmt/health/ready" "the gateway"
}

start_nginx() {
  await_free "$nginx_port"
  mkdir -p "$logs/nginx"
  local nofile
  nofile="$(ulimit -Hn)"
  [[ "$nofile" =~ ^[0-9]+$ ]] || nofile=65536
  # A WebSocket proxy as nginx's documentation writes one (proxy_pass passing Upgrade and Connection on),
  # doing per connection what the gateway does: an access line, X-Forwarded-For.
  cat >"$logs/nginx/nginx.conf" <<EOF
worker_processes 1;
worker_rlimit_nofile $nofile;
daemon off;
pid $logs/nginx/nginx.pid;
error_log $logs/nginx/error.log warn;
events { worker_connections $((nofile - 64)); }
http {
  # The path without its query: a game's WebSocket URL carries the player's token.
  log_format bench '\$remote_addr [\$time_local] "\$request_method \$uri" \$status \$body_bytes_sent \$request_time';
  access_log $logs/nginx/access.log bench buffer=64k flush=1s;
  client_body_temp_path $logs/nginx/body;
  proxy_temp_path $logs/nginx/proxy;
  fastcgi_temp_path $logs/nginx/fastcgi;
  uwsgi_temp_path $logs/nginx/uwsgi;
  scgi_temp_path $logs/nginx/scgi;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }
  upstream game { server 127.0.0.1:$game_port; keepalive 16; }
  server {
    listen 127.0.0.1:$nginx_port backlog=4096;
    location / {
      proxy_pass http://game;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
    }
  }
}
EOF
  taskset -c "$proxy_cpus" "$nginx_bin" -c "$logs/nginx/nginx.conf" -e "$logs/nginx/error.log" >"$logs/nginx.log" 2>&1 &
  nginx_master=$!
  started+=("$nginx_master")
  await_ready "http://127.0.0.1:$nginx_port/health/ready" "nginx"
  nginx_worker="$(awk '{print $1}' "/proc/$nginx_master/task/$nginx_master/children")"
  [[ -n "$nginx_worker" ]] || { echo "nginx did not start a worker: see $logs/nginx" >&2; exit 1; }
}

bots() { # label url [pid options] [GameCapacity options]
  taskset -c "$bot_cpus" java ${BOT_JAVA_OPTS:-} -cp "$bot_jar" dev.vertxelastic.game.bot.GameCapacity \
    --label "$1" --url "$2" --metrics "http://127.0.0.1:$game_port" "${@:3}"
}

echo "machine: $(nproc) cores, $(uptime | sed 's/.*load/load/'); server on CPUs $server_cpus, proxy on CPUs $proxy_cpus, bots on CPUs $bot_cpus; logs in $logs"
if [[ "$mode" =~ ^(direct|both|all)$ ]]; then
  start_game
  bots direct "http://127.0.0.1:$game_port" --server-pid "$game_pid" "$@"
  stop_all
fi
if [[ "$mode" =~ ^(gateway|both|all)$ ]]; then
  start_game
  start_gateway
  bots gateway "http://127.0.0.1:$gateway_port" --server-pid "$game_pid" --proxy-pid "$gateway_pid" "$@"
  stop_all
fi
if [[ "$mode" =~ ^(nginx|all)$ ]]; then
  start_game
  start_nginx
  bots nginx "http://127.0.0.1:$nginx_port" --server-pid "$game_pid" --proxy-pid "$nginx_worker" "$@"
  stop_all
fi
