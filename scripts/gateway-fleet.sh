#!/usr/bin/env bash
# A fleet of two gateways behind a balancer loses no call when one is stopped: two server jars configured as gateways
# (stateless HTTP, one HTTP upstream each, `prefix: none`) front one upstream (a third server jar serving the
# conformance tools), behind a round-robin balancer that checks each gateway's /ready. 2026-07-28 callers call
# test_simple_text through the balancer without pause; once FLEET_STOP_AT seconds have passed, gateway b is stopped
# with SIGTERM (its graceful drain). Every call must get a successful answer. Not run by CI; see docs/gateway.md,
# "A fleet", for the method and the latest result.
#
#   mvn -q -DskipTests package        # bootstrap/target/bulwark-server.jar
#   scripts/gateway-fleet.sh
#
# The balancer and the callers are scripts/gateway-fleet/fleet.py (Python 3, standard library only): each call is a new
# connection, sent to the next gateway that is in; a gateway is out after one /ready answer that is not 200 (checks
# FLEET_CHECK_INTERVAL apart), and a refused connection is tried on the next gateway. The drain delay of the gateways
# (FLEET_DRAIN_DELAY) covers the balancer's check, as docs/operations.md says a fleet should be set.
#
# Environment (defaults in brackets): FLEET_CALLERS [8], FLEET_SECONDS [30], FLEET_STOP_AT seconds [10],
# FLEET_CHECK_INTERVAL seconds [0.5], FLEET_DRAIN_DELAY [2s], FLEET_JAVA_OPTS [-Xmx256m, for each server],
# FLEET_RESULTS [a temporary directory], BULWARK_JAR [the built jar]. Exit status 1 when a call was lost.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BULWARK_JAR="${BULWARK_JAR:-$ROOT/bootstrap/target/bulwark-server.jar}"
FLEET="$ROOT/scripts/gateway-fleet/fleet.py"
CALLERS="${FLEET_CALLERS:-8}"
SECONDS_TOTAL="${FLEET_SECONDS:-30}"
STOP_AT="${FLEET_STOP_AT:-10}"
CHECK_INTERVAL="${FLEET_CHECK_INTERVAL:-0.5}"
DRAIN_DELAY="${FLEET_DRAIN_DELAY:-2s}"
read -r -a JAVA_OPTS <<<"${FLEET_JAVA_OPTS:--Xmx256m}"
OUT="${FLEET_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/bulwark-gateway-fleet.XXXXXX")}"
PIDS=()

say() { printf 'gateway-fleet %s: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { say "$*"; exit 1; }

# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v python3 >/dev/null || die "python3 is not installed"
command -v curl >/dev/null || die "curl is not installed"
[[ -f "$BULWARK_JAR" ]] || die "no $BULWARK_JAR: mvn -q -DskipTests package"
mkdir -p "$OUT"
# shellcheck source=load/common.sh
source "$ROOT/scripts/load/common.sh"

# Waits up to a minute for /ready on management port $1 to answer 200.
wait_ready() {
    for _ in $(seq 1 120); do
        curl -sf -o /dev/null "http://127.0.0.1:$1/ready" && return
        sleep 0.5
    done
    die "no ready answer on port $1"
}

UPSTREAM_PORT="$(free_port)"
say "starting the upstream on $UPSTREAM_PORT (results in $OUT)"
java "${JAVA_OPTS[@]}" -jar "$BULWARK_JAR" "${BULWARK_FLAGS[@]}" --port "$UPSTREAM_PORT" >"$OUT/upstream.log" 2>&1 &
PIDS+=($!)
wait_ready "$UPSTREAM_PORT"
cat >"$OUT/gateway.yaml" <<YAML
upstreams:
  upstream:
    transport: http
    url: http://127.0.0.1:$UPSTREAM_PORT/mcp
    prefix: none
    allow: [test_simple_text]
    max-concurrency: 10000
YAML

# The gateways: the load script's flags but the conformance tools (they serve the upstream's), stateless (any gateway
# serves any request), their readiness on a management port of their own, as the balancer checks it.
GATEWAY_FLAGS=()
skip=no
for flag in "${BULWARK_FLAGS[@]}"; do
    if [[ "$skip" == yes ]]; then
        skip=no
    elif [[ "$flag" == --management-port ]]; then
        skip=yes
    elif [[ "$flag" != --conformance-tools ]]; then
        GATEWAY_FLAGS+=("$flag")
    fi
done
declare -A PORT MANAGEMENT PID
for name in a b; do
    PORT[$name]="$(free_port)"
    MANAGEMENT[$name]="$(free_port)"
    java "${JAVA_OPTS[@]}" -jar "$BULWARK_JAR" "${GATEWAY_FLAGS[@]}" --config "$OUT/gateway.yaml" \
        --http-mode stateless --drain-delay "$DRAIN_DELAY" --port "${PORT[$name]}" \
        --management-port "${MANAGEMENT[$name]}" >"$OUT/gateway-$name.log" 2>&1 &
    PID[$name]=$!
    PIDS+=("${PID[$name]}")
    say "gateway $name: port ${PORT[$name]}, management ${MANAGEMENT[$name]}, pid ${PID[$name]}"
done
for name in a b; do wait_ready "${MANAGEMENT[$name]}"; done

BALANCER_PORT="$(free_port)"
python3 "$FLEET" balance --port "$BALANCER_PORT" --check-interval "$CHECK_INTERVAL" --counts "$OUT/balancer.counts" \
    --backend "a,${PORT[a]},${MANAGEMENT[a]}" --backend "b,${PORT[b]},${MANAGEMENT[b]}" 2>"$OUT/balancer.log" &
BALANCER_PID=$!
PIDS+=("$BALANCER_PID")
# The tool answers through the balancer before the load starts: the upstream's tools are listed by both gateways.
for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$BALANCER_PORT/mcp" -H 'Content-Type: application/json' \
        -H 'Accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: 2026-07-28' \
        -H 'Mcp-Method: tools/call' -H 'Mcp-Name: test_simple_text' \
        -d '{"jsonrpc":"2.0","id":0,"method":"tools/call","params":{"name":"test_simple_text","arguments":{},
             "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}' \
        && break
    sleep 0.5
done

say "$CALLERS callers for ${SECONDS_TOTAL}s through the balancer on $BALANCER_PORT; gateway b stops at ${STOP_AT}s"
python3 "$FLEET" call --port "$BALANCER_PORT" --callers "$CALLERS" --seconds "$SECONDS_TOTAL" >"$OUT/callers.counts" &
CALLERS_PID=$!
sleep "$STOP_AT"
say "stopping gateway b (SIGTERM)"
kill -TERM "${PID[b]}"
STATUS=0
wait "${PID[b]}" || STATUS=$?
say "gateway b ended with exit code $STATUS"
wait "$CALLERS_PID"
kill -TERM "$BALANCER_PID"
wait "$BALANCER_PID" || true

cat "$OUT/balancer.log" >&2
cat "$OUT/balancer.counts"
cat "$OUT/callers.counts"
echo "gateway_b_exit=$STATUS"
LOST="$(awk -F= '$1 == "lost" {print $2}' "$OUT/callers.counts")"
if [[ "$LOST" == 0 && "$STATUS" == 0 ]]; then
    say "every call answered successfully"
else
    say "FAILED: $LOST calls lost (see $OUT)"
    exit 1
fi
