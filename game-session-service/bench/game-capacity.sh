#!/usr/bin/env bash
# The game capacity benchmark: one game instance (and, for "gateway", one api-gateway with static
# discovery in front of it) on loopback, and the light bots in a JVM of their own pinned to another
# core; searches for the largest player count that keeps tick p99 <= 5 ms and frame interval
# p99 <= 60 ms (GameCapacity prints one table row per run).
#
#   game-session-service/bench/game-capacity.sh [direct|gateway|both] [GameCapacity options...]
#
# Build first: ./mvnw -B -ntp -o -q package -DskipTests -pl game-session-service,api-gateway -am
# Environment: SERVER_CPUS (0), GATEWAY_CPUS (SERVER_CPUS), BOT_CPUS (1): taskset core lists; BENCH_PORT_BASE (25000);
# SERVER_JAVA_OPTS, GATEWAY_JAVA_OPTS (SERVER_JAVA_OPTS; e.g. an -agentpath profiler), BOT_JAVA_OPTS; GAME_JAR, GATEWAY_JAR (another build of the server to measure,
# e.g. an older commit's, with this build's bots). Logs of the started processes go to $BENCH_LOGS.
set -euo pipefail

mode="${1:-both}"
case "$mode" in direct|gateway|both) shift || true ;; *) mode=both ;; esac
root="$(cd "$(dirname "$0")/../.." && pwd)"
bot_jar="$(ls "$root"/game-session-service/target/game-session-service-*-fat.jar 2>/dev/null | head -1)"
game_jar="${GAME_JAR:-$bot_jar}"
gateway_jar="${GATEWAY_JAR:-$(ls "$root"/api-gateway/target/api-gateway-*-fat.jar 2>/dev/null | head -1)}"
if [[ -z "$bot_jar" || ( "$mode" != direct && -z "$gateway_jar" ) ]]; then
  echo "build first: ./mvnw -B -ntp -o -q package -DskipTests -pl game-session-service,api-gateway -am" >&2
  exit 2
fi
server_cpus="${SERVER_CPUS:-0}"
bot_cpus="${BOT_CPUS:-1}"
gateway_cpus="${GATEWAY_CPUS:-$server_cpus}"
base="${BENCH_PORT_BASE:-25000}"
game_port=$((base + 82)) game_mgmt=$((base + 92)) gateway_port=$((base + 80)) gateway_mgmt=$((base + 90))
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
    taskset -c "$gateway_cpus" java ${GATEWAY_JAVA_OPTS:-${SERVER_JAVA_OPTS:-}} -jar "$gateway_jar" >"$logs/gateway.log" 2>&1 &
  gateway_pid=$!
  started+=("$gateway_pid")
  await_ready "http://127.0.0.1:$gateway_mgmt/health/ready" "the gateway"
}

bots() { # label url [pid options] [GameCapacity options]
  taskset -c "$bot_cpus" java ${BOT_JAVA_OPTS:-} -cp "$bot_jar" dev.vertxelastic.game.bot.GameCapacity \
    --label "$1" --url "$2" --metrics "http://127.0.0.1:$game_port" "${@:3}"
}

echo "machine: $(nproc) cores, $(uptime | sed 's/.*load/load/'); server on CPUs $server_cpus, gateway on CPUs $gateway_cpus, bots on CPUs $bot_cpus; logs in $logs"
if [[ "$mode" == direct || "$mode" == both ]]; then
  start_game
  bots direct "http://127.0.0.1:$game_port" --server-pid "$game_pid" "$@"
  stop_all
fi
if [[ "$mode" == gateway || "$mode" == both ]]; then
  start_game
  start_gateway
  bots gateway "http://127.0.0.1:$gateway_port" --server-pid "$game_pid" --gateway-pid "$gateway_pid" "$@"
  stop_all
fi
