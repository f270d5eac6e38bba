# `helm test`: every service answers through the gateway's public Service, not only the gateway.
# Needs sh and curl; GATEWAY_URL and MANAGEMENT_URL come from the test pod's environment.
set -eu
call() {
  curl --fail --silent --show-error --retry "${RETRIES:-10}" --retry-delay 3 --retry-all-errors --max-time 10 "$@"
}
expect() {
  case "$2" in
    *"$1"*) ;;
    *) echo "FAILED: expected $1 in: $2" >&2; exit 1 ;;
  esac
}

echo "gateway: ready"
call --output /dev/null "$MANAGEMENT_URL/health/ready"

echo "edu-course-service: the catalog answers through the gateway"
courses=$(call "$GATEWAY_URL/api/courses?size=1")
expect '"items"' "$courses"

echo "gateway: a guest token"
guest=$(call -X POST -H 'content-type: application/json' -d '{"name":"helmtest"}' "$GATEWAY_URL/api/auth/guest")
token=$(printf '%s' "$guest" | sed -n 's/.*"token"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
expect '.' "$token"

echo "game-session-service: the guest creates a game through the gateway"
game=$(call -X POST -H 'content-type: application/json' -H "authorization: Bearer $token" \
  -d '{"maxPlayers":2}' "$GATEWAY_URL/api/games")
expect '"wsPath"' "$game"

echo "every service answers through the gateway"
