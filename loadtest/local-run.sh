#!/usr/bin/env bash
# Runs a Gatling simulation against a local stack that this script starts from the fat jar
# and stops afterwards (SIGTERM, graceful). Usage:
#   loadtest/local-run.sh SmokeSimulation [-Dname=value ...]
#   loadtest/local-run.sh ElasticitySimulation            # scales games and courses 1 -> 3 -> 1, gateways 1 -> 2 -> 1
# Environment: STACK_HTTP_PORT (8080), STACK_MANAGEMENT_PORT (9080), STACK_CONTROL_PORT (9090),
# LOCAL_FIRST_INSTANCE_PORT (8081), STACK_ARGS (e.g. "--games=2"). Fails when Gatling's assertions fail, when a scale-down had to cut
# a game (summary.json droppedSessions > 0), or when the stack does not stop cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
simulation=${1:?"usage: loadtest/local-run.sh SimulationName [-Dname=value ...]"}
shift

jar=$(ls local-stack/target/local-stack-*-fat.jar 2>/dev/null | head -n 1 || true)
if [[ -z "$jar" ]]; then
  ./mvnw -B -q -ntp -DskipTests package -pl local-stack -am
  jar=$(ls local-stack/target/local-stack-*-fat.jar | head -n 1)
fi
work=$(mktemp -d)
http_port=${STACK_HTTP_PORT:-8080}
management_port=${STACK_MANAGEMENT_PORT:-9080}
control_port=${STACK_CONTROL_PORT:-9090}
report_dir="$PWD/loadtest/target/elasticity"
rm -rf "$report_dir"

# Matches shorter than the drain deadline, and empty games ending fast: a scale-down waits for the
# running matches on the instance to end, as a preStop hook would.
HTTP_PORT=$http_port MANAGEMENT_PORT=$management_port LOCAL_CONTROL_PORT=$control_port \
  JWT_SECRET_FILE="$work/jwt-secret" INSTRUCTOR_PASSWORD_FILE="$work/instructor-password" \
  DB_URL="jdbc:h2:file:$work/edu;DB_CLOSE_ON_EXIT=FALSE" \
  GAME_MATCH_SECONDS=${GAME_MATCH_SECONDS:-45} GAME_EMPTY_TIMEOUT=${GAME_EMPTY_TIMEOUT:-5s} \
  GAME_DRAIN_DEADLINE=${GAME_DRAIN_DEADLINE:-90s} \
  java -jar "$jar" ${STACK_ARGS:-} >"$work/stack.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; echo "-- stack log (tail): $work/stack.log"; tail -n 20 "$work/stack.log"' EXIT

deadline=$((SECONDS + 120))
until curl -fsS "http://127.0.0.1:$management_port/health/ready" >/dev/null 2>&1; do
  if (( SECONDS > deadline )); then echo "stack not ready within 120 s"; exit 1; fi
  if ! kill -0 $pid 2>/dev/null; then echo "stack exited early"; exit 1; fi
  sleep 1
done
echo "stack ready: $(curl -fsS "http://127.0.0.1:$control_port/instances")"

status=0
./mvnw -B -ntp -q -pl loadtest gatling:test \
  -Dgatling.simulationClass="dev.vertxelastic.loadtest.$simulation" \
  -DbaseUrl="http://127.0.0.1:$http_port" -DmanagementUrl="http://127.0.0.1:$management_port" \
  -DcontrolUrl="http://127.0.0.1:$control_port" -DelasticityDir="$report_dir" "$@" || status=$?

if [[ -f "$report_dir/summary.json" ]]; then
  echo "elasticity summary: $(cat "$report_dir/summary.json")"
  echo "timeline: $report_dir/timeline.html (data: timeline.csv)"
  if ! grep -Eq '"droppedSessions":0[,}]' "$report_dir/summary.json"; then echo "FAILED: a scale-down cut a game"; status=1; fi
  if ! grep -q '"scaleErrors":\[\]' "$report_dir/summary.json"; then echo "FAILED: scaling errors"; status=1; fi
fi
echo "Gatling report: $(ls -td loadtest/target/gatling/*/ 2>/dev/null | head -n 1)index.html"

kill -TERM $pid
stopped=0
wait $pid || stopped=$?
trap - EXIT
# 143 = ended by SIGTERM after the shutdown hook ran.
if [[ $stopped -ne 0 && $stopped -ne 143 ]] || ! grep -q "Stopping the local stack" "$work/stack.log"; then
  echo "FAILED: the stack did not stop cleanly ($stopped)"; tail -n 40 "$work/stack.log"; status=1
fi
[[ $status -eq 0 ]] && echo "$simulation passed" || echo "$simulation FAILED"
exit $status
