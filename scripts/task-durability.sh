#!/usr/bin/env bash
# Task durability: 1,000 tasks over three runners from the server jar sharing one real Redis; one runner is killed
# with SIGKILL mid-run, then Redis is restarted; every task must end `completed`, or `failed` saying its runner
# stopped (a task of a repeatable tool must complete), none may stay `working`, and no task of a tool that may not
# repeat may run twice. Not run by CI; see
# docs/operations.md, "Task durability", for the method and the latest result.
#
#   mvn -q -DskipTests package        # bootstrap/target/bulwark-server.jar
#   scripts/task-durability.sh
#
# Redis comes from the binary the tests use (the Maven artifact com.github.codemonstur:embedded-redis, read from
# ~/.m2), with an append-only file (fsync every second) so that a restart keeps what it held, as a production Redis
# does. The tool run as a task is an OpenAPI service whose upstream is scripts/task-durability/TaskDurabilityDriver.java
# (JDK only): `jobs_createJob` (POST, a write: not repeatable) and `jobs_readItem` (GET, read-only: repeatable), each
# answering after TASKS_DELAY_MS and counting every execution by id. The runners: two HTTP servers (a and b) that accept
# the tasks, and one `--worker`. The driver creates the tasks, half on each server, over TASKS_CALLERS callers (each
# with its own API key), then polls them with `tasks/get` until each ended. The script kills server b (SIGKILL) once
# every task is created and TASKS_KILL_AT percent have ended, and stops Redis (SIGTERM) for TASKS_OUTAGE seconds once
# TASKS_REDIS_AT percent have ended. The driver prints the figures and its judgement (exit status 1 when it fails).
#
# Environment (defaults in brackets): TASKS_COUNT [1000], TASKS_CALLERS [4], TASKS_DELAY_MS [2000], TASKS_KILL_AT
# [25], TASKS_REDIS_AT [55], TASKS_OUTAGE seconds [5], TASKS_LEASE [10s], TASKS_HEARTBEAT [2s], TASKS_PER_TOOL (each
# runner's concurrency limit per tool) [8], TASKS_JAVA_OPTS [-Xmx256m, for each runner], TASKS_RESULTS [a temporary
# directory], DRAIN_LIMIT_S [600], BULWARK_JAR [the built jar].
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BULWARK_JAR="${BULWARK_JAR:-$ROOT/bootstrap/target/bulwark-server.jar}"
DRIVER="$ROOT/scripts/task-durability/TaskDurabilityDriver.java"
COUNT="${TASKS_COUNT:-1000}"
CALLERS="${TASKS_CALLERS:-4}"
DELAY_MS="${TASKS_DELAY_MS:-2000}"
KILL_AT="${TASKS_KILL_AT:-25}"
REDIS_AT="${TASKS_REDIS_AT:-55}"
OUTAGE="${TASKS_OUTAGE:-5}"
LEASE="${TASKS_LEASE:-10s}"
HEARTBEAT="${TASKS_HEARTBEAT:-2s}"
PER_TOOL="${TASKS_PER_TOOL:-8}"
OUT="${TASKS_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/bulwark-task-durability.XXXXXX")}"
read -r -a JAVA_OPTS <<<"${TASKS_JAVA_OPTS:--Xmx256m}"
PIDS=()
REDIS_PID=""

say() { printf 'task-durability %s: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { say "$*"; exit 1; }
event() { echo "$(date +%s%3N) $*" >>"$OUT/events"; say "$*"; }

mkdir -p "$OUT"
# shellcheck source=load/common.sh
source "$ROOT/scripts/load/common.sh"

# shellcheck source=task-durability/fleet.sh
source "$ROOT/scripts/task-durability/fleet.sh"
fleet_prepare

# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    [[ -z "$REDIS_PID" ]] || kill -TERM "$REDIS_PID" 2>/dev/null || true
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- Redis, with an append-only file

REDIS_PORT="$(free_port)"
mkdir -p "$OUT/redis-data"
redis_start() {
    "$REDIS_BIN" --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$OUT/redis-data" \
        --save '' --appendonly yes --appendfsync everysec >>"$OUT/redis.log" 2>&1 &
    REDIS_PID=$!
    await_port "$REDIS_PORT" "$OUT/redis.log"
}
redis_stop() {
    kill -TERM "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=""
}
redis_start

# ---- The upstream service, the API keys and the configuration

fleet_upstream "$CALLERS" "$DELAY_MS"

# ---- The runners: two HTTP servers and one worker

export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
RUNNER_FLAGS=(--config "$OUT/bulwark.yaml" --api-keys-file "$OUT/api-keys.json"
    --rate-limit 1000000 --max-concurrent-calls-per-tool "$PER_TOOL" --tasks-lease "$LEASE"
    --tasks-heartbeat "$HEARTBEAT" --tasks-max-active-per-caller 10000 --tasks-max-kept-per-caller 100000)
A_PORT="$(free_port)" A_MGMT="$(free_port)" B_PORT="$(free_port)" B_MGMT="$(free_port)" W_MGMT="$(free_port)"
start_runner a --http --port "$A_PORT" --management-port "$A_MGMT"
A_PID="$STARTED_PID"
start_runner b --http --port "$B_PORT" --management-port "$B_MGMT"
B_PID="$STARTED_PID"
start_runner worker --worker --management-port "$W_MGMT"
W_PID="$STARTED_PID"
await_ready "$A_MGMT" "$B_MGMT" "$W_MGMT"
say "Redis on $REDIS_PORT; server a pid $A_PID, server b pid $B_PID, worker pid $W_PID (results in $OUT)"

# ---- The load, with the kill and the outage on its progress

java -Xmx256m "$DRIVER" load "$OUT" "$COUNT" "$UPSTREAM" "http://127.0.0.1:$A_PORT/mcp" \
    "http://127.0.0.1:$B_PORT/mcp" >"$OUT/judgement.txt" 2>"$OUT/driver.log" &
DRIVER_PID=$!
event "load started"
killed="" restarted=""
while kill -0 "$DRIVER_PID" 2>/dev/null; do
    { read -r created ended total <"$OUT/progress"; } 2>/dev/null || { sleep 0.5; continue; }
    if [[ -z "$killed" && "$created" == "$total" && $((ended * 100)) -ge $((KILL_AT * total)) ]]; then
        kill -KILL "$B_PID"
        killed=1
        event "server b killed (SIGKILL) with $ended of $total tasks ended"
    fi
    if [[ -n "$killed" && -z "$restarted" && $((ended * 100)) -ge $((REDIS_AT * total)) ]]; then
        event "Redis stopped with $ended of $total tasks ended"
        redis_stop
        sleep "$OUTAGE"
        redis_start
        restarted=1
        event "Redis started again"
    fi
    sleep 0.2
done
DRIVER_EXIT=0
wait "$DRIVER_PID" || DRIVER_EXIT=$?
cat "$OUT/judgement.txt"
for name in a worker; do
    say "$name: $(grep -c '"level":"WARN"' "$OUT/$name.log" || true) warnings, $(grep -c '"level":"ERROR"' \
        "$OUT/$name.log" || true) errors in $OUT/$name.log"
done
[[ -n "$killed" ]] || { say "server b was never killed: the tasks ended too soon (raise TASKS_DELAY_MS)"; exit 1; }
[[ -n "$restarted" ]] || { say "Redis was never restarted"; exit 1; }
say "results in $OUT"
exit "$DRIVER_EXIT"
