#!/usr/bin/env bash
# The gateway benchmark (issue 17): one course-service backend, the api-gateway (static discovery)
# and nginx (Debian's, 1 worker, proxy_pass with upstream keep-alive) on loopback, each driven by
# wrk with the same load against GET /api/courses/{id}, in one run. Prints req/s, p50/p99/p99.9,
# CPU seconds per 10,000 requests of each proxy (utime+stime from /proc/<pid>/stat, all threads),
# and the ratios gateway/nginx and gateway/direct. Usage:
#   loadtest/gateway-bench.sh
# Environment (defaults in brackets): BENCH_DURATION [20] and BENCH_WARMUP [60] seconds per target,
# BENCH_CONNECTIONS [32], BENCH_PORT [24080: gateway; +1 backend, +8 nginx, +10/+11 management],
# BENCH_PIN [1: wrk and the backend on CPU 0, the proxy on CPU 1; 0: no pinning],
# BENCH_GATEWAY_JAR and BENCH_BACKEND_JAR (other builds, e.g. of an older commit), BENCH_PROFILE [0; 1:
# async-profiler on the gateway during its measured run, top frames written beside the results],
# BENCH_OUT [loadtest/target/gateway-bench], BENCH_ROUNDS [1; N: N-1 more measured runs of nginx and
# the gateway, alternating, warm, and the ratios of every round with their median], BENCH_COMPARE_JAR
# [unset; another gateway build, run beside the first (port +2, management +12, the same CPU) and
# measured right after it in every round: its ratios to the first by round], BENCH_GATEWAY_JAVA_OPTS and
# BENCH_COMPARE_JAVA_OPTS [unset; JVM options added to the gateway's or the compared gateway's; the
# second alone compares the same jar under other options], BENCH_KEEP_LOGS [0;
# 1: keep the processes' logs, access logs included, which a run that went through removes]. Every load is
# bounded (wrk -d, under `timeout`), and every process this script started is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${BENCH_DURATION:-20}
warmup=${BENCH_WARMUP:-60}
connections=${BENCH_CONNECTIONS:-32}
base=${BENCH_PORT:-24080}
pin=${BENCH_PIN:-1}
out=${BENCH_OUT:-$PWD/loadtest/target/gateway-bench}
rounds=${BENCH_ROUNDS:-1}
gateway_port=$base backend_port=$((base + 1)) nginx_port=$((base + 8))
gateway_management=$((base + 10)) backend_management=$((base + 11))
compare_jar=${BENCH_COMPARE_JAR:-} compare_port=$((base + 2)) compare_management=$((base + 12))
path=/api/courses/kubernetes-fundamentals

command -v wrk >/dev/null || { echo "wrk is not installed (Debian: apt-get install wrk)"; exit 1; }
if (( pin )) && [[ $(nproc) -lt 2 ]]; then echo "one CPU only: not pinning"; pin=0; fi
loadgen_cpu=0 proxy_cpu=1

edu_jar=${BENCH_BACKEND_JAR:-$(ls edu-course-service/target/edu-course-service-*-fat.jar 2>/dev/null | head -n 1 || true)}
gateway_jar=${BENCH_GATEWAY_JAR:-$(ls api-gateway/target/api-gateway-*-fat.jar 2>/dev/null | head -n 1 || true)}
if [[ -z "$edu_jar" || -z "$gateway_jar" ]]; then
  ./mvnw -B -q -ntp -DskipTests package -pl edu-course-service,api-gateway -am
  edu_jar=${BENCH_BACKEND_JAR:-$(ls edu-course-service/target/edu-course-service-*-fat.jar | head -n 1)}
  gateway_jar=${BENCH_GATEWAY_JAR:-$(ls api-gateway/target/api-gateway-*-fat.jar | head -n 1)}
fi
if [[ -z "$compare_jar" && -n "${BENCH_COMPARE_JAVA_OPTS:-}" ]]; then compare_jar=$gateway_jar; fi
if [[ ${BENCH_PROFILE:-0} == 1 ]]; then
  profiler_jar=$(ls ~/.m2/repository/tools/profiler/async-profiler/4.2/async-profiler-4.2.jar 2>/dev/null || true)
  if [[ -z "$profiler_jar" ]]; then
    ./mvnw -B -q -ntp dependency:get -Dartifact=tools.profiler:async-profiler:4.2
    profiler_jar=~/.m2/repository/tools/profiler/async-profiler/4.2/async-profiler-4.2.jar
  fi
fi

for port in $gateway_port $backend_port $nginx_port $gateway_management $backend_management $compare_port $compare_management; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use (BENCH_PORT moves them all)"; exit 1; fi
done
work=$(mktemp -d)
mkdir -p "$out"
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT

# pin CPU COMMAND...: becomes COMMAND, on one CPU when pinning is on (so a `pin ... &` has COMMAND's PID).
pin() {
  local cpu=$1; shift
  if (( pin )); then exec taskset -c "$cpu" "$@"; else exec "$@"; fi
}

wait_ready() {
  local name=$1 url=$2 pid=$3 deadline=$((SECONDS + 90))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if (( SECONDS > deadline )); then echo "$name not ready within 90 s (log: $work/$name.log)"; exit 1; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "$name exited early:"; tail -n 20 "$work/$name.log"; exit 1; fi
    sleep 0.5
  done
}

# CPU ticks (utime + stime, every thread) of a process and its children (nginx's worker).
cpu_ticks() {
  local total=0 pid fields
  for pid in "$@"; do
    read -r -a fields < <(sed 's/^.*) //' "/proc/$pid/stat")
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

# thread_ticks PID: "group ticks" lines of a JVM's threads by kind (event loops, JIT, GC, the rest).
thread_ticks() {
  local task comm fields
  for task in /proc/"$1"/task/*; do
    comm=$(cat "$task/comm" 2>/dev/null) || continue
    read -r -a fields < <(sed 's/^.*) //' "$task/stat" 2>/dev/null) || continue
    case $comm in
      vert.x-eventloo*) echo "event-loops $((fields[11] + fields[12]))" ;;
      C1\ Compiler*|C2\ Compiler*) echo "JIT $((fields[11] + fields[12]))" ;;
      G1*|GC*|VM\ Thread) echo "GC $((fields[11] + fields[12]))" ;;
      *) echo "other $((fields[11] + fields[12]))" ;;
    esac
  done | awk '{ t[$1] += $2 } END { for (k in t) print k, t[k] }'
}

cat >"$work/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
    e.connect + e.read + e.write + e.timeout, e.status))
end
EOF

java_opts=(-XX:+UseG1GC -Xms256m -Xmx512m -XX:+ExitOnOutOfMemoryError)

HTTP_PORT=$backend_port MANAGEMENT_PORT=$backend_management INSTANCE_ID=edu-bench \
  JWT_SECRET_FILE="$work/jwt-secret" INSTRUCTOR_PASSWORD_FILE="$work/instructor-password" \
  DB_URL="jdbc:h2:file:$work/edu;DB_CLOSE_ON_EXIT=FALSE" \
  pin $loadgen_cpu java "${java_opts[@]}" -jar "$edu_jar" >"$work/backend.log" 2>&1 &
backend_pid=$!; pids+=("$backend_pid")
# start_gateway PORT MANAGEMENT_PORT NAME JAR [JVM OPTION...]: a gateway (static discovery to the backend) on the proxy's CPU, logging to NAME.log.
start_gateway() {
  local opts=() option
  # A collector named in the extra options replaces G1 (the JVM refuses two).
  for option in "${java_opts[@]}"; do
    [[ $option == -XX:+UseG1GC && " ${*:5} " == *" -XX:+Use"*"GC "* ]] || opts+=("$option")
  done
  HTTP_PORT=$1 MANAGEMENT_PORT=$2 INSTANCE_ID=$3-bench DISCOVERY=static \
    GATEWAY_UPSTREAMS="courses=http://127.0.0.1:$backend_port,learners=http://127.0.0.1:$backend_port" \
    JWT_SECRET_FILE="$work/jwt-secret" INSTRUCTOR_PASSWORD_FILE="$work/instructor-password" \
    pin $proxy_cpu java "${opts[@]}" "${@:5}" -jar "$4" >"$work/$3.log" 2>&1
}
read -r -a gateway_opts <<<"${BENCH_GATEWAY_JAVA_OPTS:-}"
read -r -a compare_opts <<<"${BENCH_COMPARE_JAVA_OPTS:-}"
start_gateway "$gateway_port" "$gateway_management" gateway "$gateway_jar" "${gateway_opts[@]}" &
gateway_pid=$!; pids+=("$gateway_pid")
if [[ -n "$compare_jar" ]]; then
  start_gateway "$compare_port" "$compare_management" compare "$compare_jar" "${compare_opts[@]}" &
  compare_pid=$!; pids+=("$compare_pid")
fi

nginx_pids=()
if command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]]; then
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  mkdir -p "$work/nginx"
  # As close to the gateway's work as nginx config goes: keep-alive both ways, the X-Forwarded-*
  # and X-Request-Id headers, and an access line per request (nginx buffers it, 64k).
  cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log $work/nginx/access.log combined buffer=64k flush=1s;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  upstream backend { server 127.0.0.1:$backend_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    keepalive_requests 1000000;
    location /api/ {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
      proxy_set_header X-Request-Id \$request_id;
    }
  }
}
EOF
  pin $proxy_cpu "$nginx_bin" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" >"$work/nginx.log" 2>&1 &
  nginx_master=$!; pids+=("$nginx_master")
else
  echo "nginx is not installed (Debian: apt-get install nginx-light): its row is skipped"
fi

wait_ready backend "http://127.0.0.1:$backend_port$path" "$backend_pid"
wait_ready gateway "http://127.0.0.1:$gateway_port$path" "$gateway_pid"
if [[ -n "$compare_jar" ]]; then wait_ready compare "http://127.0.0.1:$compare_port$path" "$compare_pid"; fi
if [[ -n "${nginx_master:-}" ]]; then
  wait_ready nginx "http://127.0.0.1:$nginx_port$path" "$nginx_master"
  nginx_pids=("$nginx_master" $(cat "/proc/$nginx_master/task/$nginx_master/children"))
fi

# profiler ACTION: async-profiler in the gateway's JVM, attached through the JDK's attach API (jcmd's
# JVMTI.agent_load cannot pass options holding '=').
profiler() {
  cat >"$work/Attach.java" <<'JAVA'
public class Attach {
  public static void main(String[] args) throws Exception {
    com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(args[0]);
    try { vm.loadAgentPath(args[1], args[2]); } finally { vm.detach(); }
  }
}
JAVA
  java "$work/Attach.java" "$gateway_pid" "$work/libasyncProfiler.so" "$1"
}

# event_loop_summary FILE: of the stacks on event loops (JIT and GC threads left out), the top
# frames by own samples, and the project's methods by samples spent in them below any other of its methods.
event_loop_summary() {
  awk '
    index($0, "io/netty/channel") == 0 || index($0, "Compile") > 0 { next }
    {
      n = $NF; total += n; stack = substr($0, 1, length($0) - length(n) - 1)
      k = split(stack, frames, ";"); self[frames[k]] += n; mine = "(Vert.x and Netty only)"
      for (i = 1; i <= k; i++) if (frames[i] ~ /^dev\/vertxelastic/ && frames[i] !~ /Lambda/) mine = frames[i]
      own[mine] += n
    }
    END {
      printf "event-loop samples: %d\n\n-- top frames (own samples)\n", total
      for (f in self) printf "%6d %5.1f%%  %s\n", self[f], 100 * self[f] / total, f | "sort -rn | head -n 25"
      close("sort -rn | head -n 25")
      printf "\n-- project methods (samples in them and the library code they call)\n"
      for (f in own) printf "%6d %5.1f%%  %s\n", own[f], 100 * own[f] / total, f | "sort -rn | head -n 20"
    }' "$1"
}

declare -A rps p50 p99 p999 cpu errors
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
difference() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.2f", a - b }'; }
round=1
# drive NAME PORT PID...: a warm-up (the first round only), then the measured run; the PIDs' CPU is counted over the measured run only.
drive() {
  local name=$1 port=$2; shift 2
  local url="http://127.0.0.1:$port$path"
  if (( round == 1 )); then
    (pin $loadgen_cpu timeout $((warmup + 30)) wrk -t1 -c"$connections" -d"${warmup}s" "$url" >/dev/null)
  fi
  local before after line
  before=$(cpu_ticks "$@")
  [[ $name == gateway ]] && thread_ticks "$gateway_pid" >"$work/threads-before"
  if [[ $name == gateway && -n "${profiler_jar:-}" ]] && (( round == 1 )); then
    unzip -o -q -j "$profiler_jar" linux-x64/libasyncProfiler.so -d "$work"
    profiler "start,event=ctimer,interval=1ms"
  fi
  line=$(pin $loadgen_cpu timeout $((duration + 30)) wrk -t1 -c"$connections" -d"${duration}s" -s "$work/report.lua" "$url" | grep '^RESULT')
  after=$(cpu_ticks "$@")
  if [[ $name == gateway ]]; then
    thread_ticks "$gateway_pid" >"$work/threads-after"
    threads=$(awk 'NR == FNR { b[$1] = $2; next } { d = $2 - b[$1]; t += d; s[$1] = d }
      END { for (k in s) printf "%s %.0f%%, ", k, t ? 100 * s[k] / t : 0 }' "$work/threads-before" "$work/threads-after")
  fi
  if [[ $name == gateway && -n "${profiler_jar:-}" ]] && (( round == 1 )); then
    profiler "dump,collapsed,file=$out/profile.collapsed"
    profiler "stop,flat=40,traces=0,file=$out/profile-flat.txt"
    event_loop_summary "$out/profile.collapsed" >"$out/profile-event-loop.txt"
  fi
  read -r _ requests micros l50 l99 l999 socket_errors status_errors <<<"$line"
  rps[$name]=$(awk -v r="$requests" -v d="$micros" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
  p50[$name]=$(awk -v v="$l50" 'BEGIN { printf "%.2f", v / 1000 }')
  p99[$name]=$(awk -v v="$l99" 'BEGIN { printf "%.2f", v / 1000 }')
  p999[$name]=$(awk -v v="$l999" 'BEGIN { printf "%.2f", v / 1000 }')
  cpu[$name]=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v r="$requests" 'BEGIN { printf "%.3f", t / hz / r * 10000 }')
  errors[$name]=$((socket_errors + status_errors))
}

echo "load: $(uptime | sed 's/.*load average/load average/')"
echo "pinning: $( (( pin )) && echo "wrk and the backend on CPU $loadgen_cpu, the proxy (nginx, gateway; direct: the backend) on CPU $proxy_cpu" || echo none)"
(( pin )) && taskset -a -p -c $proxy_cpu "$backend_pid" >/dev/null
drive direct "$backend_port" "$backend_pid"
(( pin )) && taskset -a -p -c $loadgen_cpu "$backend_pid" >/dev/null
if (( ${#nginx_pids[@]} )); then
  drive nginx "$nginx_port" "${nginx_pids[@]}"
fi
drive gateway "$gateway_port" "$gateway_pid"
if [[ -n "$compare_jar" ]]; then drive compare "$compare_port" "$compare_pid"; fi
echo "load: $(uptime | sed 's/.*load average/load average/')"

{
  printf "%-8s %10s %9s %9s %9s %16s %7s\n" target "req/s" "p50 ms" "p99 ms" "p99.9 ms" "CPU s/10k req" errors
  for name in direct nginx gateway compare; do
    [[ -n "${rps[$name]:-}" ]] || continue
    printf "%-8s %10s %9s %9s %9s %16s %7s\n" "$name" "${rps[$name]}" "${p50[$name]}" "${p99[$name]}" "${p999[$name]}" "${cpu[$name]}" "${errors[$name]}"
  done
  if [[ -n "${rps[nginx]:-}" ]]; then
    echo "gateway/nginx: req/s $(ratio "${rps[gateway]}" "${rps[nginx]}"), p99 $(difference "${p99[gateway]}" "${p99[nginx]}") ms, CPU per request $(ratio "${cpu[gateway]}" "${cpu[nginx]}")"
  fi
  echo "gateway/direct: req/s $(ratio "${rps[gateway]}" "${rps[direct]}")"
  echo "gateway CPU by thread: ${threads%, }"
  if [[ -n "$compare_jar" ]]; then
    echo "compare ($compare_jar${BENCH_COMPARE_JAVA_OPTS:+ with $BENCH_COMPARE_JAVA_OPTS})/gateway: req/s $(ratio "${rps[compare]}" "${rps[gateway]}"), p99 $(difference "${p99[compare]}" "${p99[gateway]}") ms, CPU per request $(ratio "${cpu[compare]}" "${cpu[gateway]}")"
  fi
} | tee "$out/result.txt"
# More rounds: nginx and the gateway again, alternating, both warm; the spread of the ratio across
# rounds is the machine's noise, which one run cannot show.
if (( rounds > 1 )) && [[ -n "${rps[nginx]:-}" ]]; then
  rps_ratios=() p99_diffs=() cpu_ratios=() compare_cpu=() compare_rps=()
  record_round() {
    rps_ratios+=("$(ratio "${rps[gateway]}" "${rps[nginx]}")")
    p99_diffs+=("$(difference "${p99[gateway]}" "${p99[nginx]}")")
    cpu_ratios+=("$(ratio "${cpu[gateway]}" "${cpu[nginx]}")")
    if [[ -n "$compare_jar" ]]; then
      compare_rps+=("$(ratio "${rps[compare]}" "${rps[gateway]}")")
      compare_cpu+=("$(ratio "${cpu[compare]}" "${cpu[gateway]}")")
    fi
  }
  record_round
  for ((round = 2; round <= rounds; round++)); do
    drive nginx "$nginx_port" "${nginx_pids[@]}"
    # With a second build the two swap places every round, so neither is always the one measured later.
    if [[ -n "$compare_jar" ]] && (( round % 2 == 0 )); then
      drive compare "$compare_port" "$compare_pid"
      drive gateway "$gateway_port" "$gateway_pid"
    else
      drive gateway "$gateway_port" "$gateway_pid"
      if [[ -n "$compare_jar" ]]; then drive compare "$compare_port" "$compare_pid"; fi
    fi
    record_round
  done
  # median FORMAT VALUE...: the middle value (the mean of the middle two), printed with FORMAT.
  median() { local format=$1; shift; printf '%s\n' "$@" | sort -g | awk -v f="$format" '{ v[NR] = $1 } END { printf f, (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
  {
    echo "rounds: $rounds (the first as above, then nginx and the gateway alternating, warm); load: $(uptime | sed 's/.*load average/load average/')"
    echo "gateway/nginx req/s by round: ${rps_ratios[*]}; median $(median %.2f "${rps_ratios[@]}")"
    echo "gateway - nginx p99 (ms) by round: ${p99_diffs[*]}; median $(median %+.2f "${p99_diffs[@]}")"
    echo "gateway/nginx CPU per request by round: ${cpu_ratios[*]}; median $(median %.2f "${cpu_ratios[@]}")"
    if [[ -n "$compare_jar" ]]; then
      echo "compare/gateway req/s by round: ${compare_rps[*]}; median $(median %.2f "${compare_rps[@]}")"
      echo "compare/gateway CPU per request by round: ${compare_cpu[*]}; median $(median %.2f "${compare_cpu[@]}")"
    fi
  } | tee -a "$out/result.txt"
fi
[[ ${BENCH_PROFILE:-0} == 1 && -f "$out/profile-flat.txt" ]] && echo "profile: $out/profile-event-loop.txt (event loops), $out/profile-flat.txt (all threads), $out/profile.collapsed"
stop_all
# The proxies' access logs held a line per request all along (gigabytes at these rates): counted
# here, then removed with the other logs of a run that went through, unless BENCH_KEEP_LOGS=1.
access_lines() { local n; n=$(grep -c "$1" "$2" 2>/dev/null) || true; echo "${n:-0}"; }
echo "access lines written: gateway $(access_lines '"type":"access"' "$work/gateway.log"), nginx $(access_lines ' HTTP/1.1" ' "$work/nginx/access.log")"
if [[ ${BENCH_KEEP_LOGS:-0} == 1 ]]; then
  echo "logs: $work ($(du -sh "$work" | cut -f1))"
else
  rm -rf "$work"
fi
