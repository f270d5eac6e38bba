#!/usr/bin/env bash
# Start-up time and memory of each service run alone from its fat jar, without and with AppCDS.
#   loadtest/startup-run.sh              # all three services, 3 starts each per mode
#   RUNS=5 loadtest/startup-run.sh edu   # one service
# For each service: JVM start to the first 200 of /health/ready (curl every 10 ms), RSS once idle
# (3 s after ready), and the highest RSS during a short bounded load (wrk, 8 connections, 10 s, on
# loopback). JVM options and memory as the chart gives the pods (JAVA_TOOL_OPTIONS, -XX:MaxRAM at
# the memory limit, the CPU limit as processors). AppCDS: one training start (with the same load)
# writes a dynamic archive at exit (-XX:ArchiveClassesAtExit), the measured starts use it
# (-XX:SharedArchiveFile). Ports 21200-21299 (BASE_PORT); figures depend on the machine's load:
# the table prints `uptime` with them.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
base=${BASE_PORT:-21200}
out=loadtest/target/startup
mkdir -p "$out"
services=("${@:-gateway edu game}")
services=(${services[*]})

for m in api-gateway edu-course-service game-session-service; do
  [[ -f $m/target/$m-0.1.0-SNAPSHOT-fat.jar ]] || ./mvnw -B -q -ntp -DskipTests package -pl $m -am
done

work=$(mktemp -d)
# Every JVM started here, by pid (they start in subshells): the exit trap stops those left.
cleanup() { [[ -f $work/pids ]] && while read -r p; do kill "$p" 2>/dev/null || true; done <"$work/pids"; }
trap cleanup EXIT
secret=startup-run-secret-of-at-least-32-characters-long

# service -> jar, memory limit (MiB), JVM options (values.yaml), load path
jar_of() { case $1 in gateway) echo api-gateway;; edu) echo edu-course-service;; game) echo game-session-service;; esac; }
limit_of() { case $1 in game) echo 768;; *) echo 512;; esac; }
cpus=2  # every service's CPU limit in values.yaml
opts_of() {
  case $1 in
    gateway) echo "-XX:+UseG1GC -XX:MaxRAMPercentage=50.0 -XX:MaxDirectMemorySize=96m";;
    edu) echo "-XX:+UseG1GC -XX:MaxRAMPercentage=60.0 -XX:MaxDirectMemorySize=48m";;
    game) echo "-XX:+UseG1GC -XX:MaxRAMPercentage=60.0 -XX:MaxDirectMemorySize=96m";;
  esac
}
port_of() { case $1 in edu) echo $base;; game) echo $((base + 1));; gateway) echo $((base + 2));; esac; }
path_of() { case $1 in game) echo /api/games;; *) echo "/api/courses?size=3";; esac; }
env_of() {
  case $1 in
    edu) echo "HTTP_PORT=$(port_of edu) MANAGEMENT_PORT=$((base + 10)) DB_URL=jdbc:h2:file:$work/edu;DB_CLOSE_ON_EXIT=FALSE";;
    game) echo "HTTP_PORT=$(port_of game) MANAGEMENT_PORT=$((base + 11)) INSTANCE_ID=game-1";;
    gateway) echo "HTTP_PORT=$(port_of gateway) MANAGEMENT_PORT=$((base + 12)) DISCOVERY=static GATEWAY_UPSTREAMS=courses=http://127.0.0.1:$(port_of edu),learners=http://127.0.0.1:$(port_of edu),games=game-1@http://127.0.0.1:$(port_of game)";;
  esac
}
ready_url() { case $1 in gateway) echo "http://127.0.0.1:$((base + 12))/health/ready";; *) echo "http://127.0.0.1:$(port_of "$1")/health/ready";; esac; }
rss_mib() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo 0; }

# Starts $1 with extra JVM flags $2; prints "pid ready_ms".
start() {
  local svc=$1 extra=$2 t0 pid
  t0=$(date +%s%N)
  env $(env_of "$svc") WARMUP_REQUESTS=${WARMUP_REQUESTS:-0} JWT_SECRET=$secret INSTRUCTOR_PASSWORD=startup-run-password \
    JAVA_TOOL_OPTIONS="$(opts_of "$svc") -XX:MaxRAM=$(limit_of "$svc")m -XX:ActiveProcessorCount=$cpus $extra" \
    java -jar "$(jar_of "$svc")/target/$(jar_of "$svc")-0.1.0-SNAPSHOT-fat.jar" >>"$work/$svc.log" 2>&1 &
  pid=$!
  echo "$pid" >>"$work/pids"
  local deadline=$((SECONDS + 60))
  until curl -fs -o /dev/null "$(ready_url "$svc")"; do
    (( SECONDS < deadline )) && kill -0 "$pid" 2>/dev/null || { echo "$svc did not become ready: $work/$svc.log" >&2; exit 1; }
    sleep 0.01
  done
  echo "$pid $(( ($(date +%s%N) - t0) / 1000000 ))"
}

# Bounded load on $1 (10 s, 8 connections); prints "req/s max_rss_mib" of pid $2.
load() {
  local svc=$1 pid=$2 max=0 r
  wrk -t1 -c8 -d10s "http://127.0.0.1:$(port_of "$svc")$(path_of "$svc")" >"$work/wrk.txt" 2>&1 &
  local wrk_pid=$!
  while kill -0 $wrk_pid 2>/dev/null; do r=$(rss_mib "$pid"); (( r > max )) && max=$r; sleep 0.5; done
  echo "$(awk '/Requests\/sec/ {printf "%d", $2}' "$work/wrk.txt") $max"
}

# SIGTERM, then waits (30 s at most) until the process is gone: an AppCDS archive is written at exit.
stop() {
  kill -TERM "$1" 2>/dev/null || return 0
  local deadline=$((SECONDS + 30))
  while kill -0 "$1" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.1; done
}

# The gateway's upstreams run (untimed) while it is measured.
backends() {
  local p1 p2 r
  read -r p1 r < <(start edu ""); read -r p2 r < <(start game "")
  echo "$p1 $p2"
}

printf '%-8s %-7s %8s %8s %8s %8s %8s  %s\n' service mode ready_ms best_ms idle_MiB load_MiB req/s "uptime load"
for svc in "${services[@]}"; do
  helpers=""
  [[ $svc == gateway ]] && helpers=$(backends)
  jsa="$out/$svc.jsa"
  for mode in plain appcds; do
    extra=""
    if [[ $mode == appcds ]]; then
      rm -f "$jsa"
      read -r pid _ < <(start "$svc" "-XX:ArchiveClassesAtExit=$jsa")
      load "$svc" "$pid" >/dev/null
      stop "$pid"
      [[ -f $jsa ]] || { echo "no archive written for $svc: $work/$svc.log" >&2; exit 1; }
      extra="-XX:SharedArchiveFile=$jsa"
    fi
    times=()
    for ((i = 1; i <= runs; i++)); do
      read -r pid ms < <(start "$svc" "$extra")
      times+=("$ms")
      if (( i == runs )); then
        sleep 3
        idle=$(rss_mib "$pid")
        read -r rps peak < <(load "$svc" "$pid")
      fi
      stop "$pid"
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
    best=$(printf '%s\n' "${times[@]}" | sort -n | head -n 1)
    printf '%-8s %-7s %8s %8s %8s %8s %8s  %s\n' "$svc" "$mode" "$median" "$best" "$idle" "$peak" "$rps" "$(uptime | sed 's/.*load average: //')"
  done
  for p in $helpers; do stop "$p"; done
done
echo "(ready_ms: median of $runs starts; archives in $out; logs in $work)"
