#!/usr/bin/env bash
# Redis failover under a fleet: two HTTP servers and a worker from the server jar take tasks and plain calls on a
# Sentinel set (three Sentinels, a primary, a replica) or on a Redis Cluster (three primaries, a replica of each). The
# primary that holds the task queue is killed (SIGKILL) mid-run, while tasks are still created and many wait in the
# queue; on a Cluster, one more shard's primary is killed later. Each time a replica takes over. It shows: no task
# lost, none of a tool that may not repeat run twice, every call answered (an error is an answer), the rate limiter
# within its bound across the failover, each task read on the server that did not create it, a session on its own
# server across the failover, and how long each server saw Redis gone. Not run by CI; see docs/operations.md,
# "Topologies", for the latest figures.
#
#   mvn -q -DskipTests package        # bootstrap/target/bulwark-server.jar
#   scripts/redis-failover.sh         # on a Sentinel set
#   scripts/redis-failover.sh cluster # on a Redis Cluster
#
# The Redis processes come from the binary the tests use (the Maven artifact com.github.codemonstur:embedded-redis, read
# from ~/.m2). The Sentinels run with --sentinel, quorum 2, down-after-milliseconds 1000, as EmbeddedSentinelSet runs
# them. The Cluster's six nodes run with cluster-enabled yes and cluster-node-timeout 1000, joined as
# EmbeddedRedisCluster joins them (CLUSTER ADDSLOTS, MEET, REPLICATE), and keep Redis's default
# cluster-require-full-coverage yes, the setting of the figures in docs/operations.md. The runners and the tasks are those of
# scripts/task-durability.sh (its parts are in scripts/task-durability/). Beside them the driver's calls mode sends
# plain calls to `items_readItem` (a service without tasks on the same upstream) from a caller of its own, keeps one
# 2025-06-18 session used on each server in turn, and reads each server's /health (which answers from its last check,
# renewed once 5 s old, so it may miss the failover; the runners' logs, read at the end, do not). The servers'
# settings are task-durability's apart from REDIS_URL, which names the Sentinels or the Cluster's nodes, and the rate
# limit (FAILOVER_RATE_LIMIT a minute, low enough that the calls hit it).
#
# Environment (defaults in brackets): FAILOVER_TASKS [600], FAILOVER_CALLERS [8], FAILOVER_DELAY_MS [2000],
# FAILOVER_KILL_AFTER (seconds after the first tasks are created) [20], FAILOVER_SECOND_KILL_AFTER (on a Cluster, the
# same) [30], FAILOVER_CALL_THREADS [12], FAILOVER_RATE_LIMIT [120], FAILOVER_JAVA_OPTS [-Xmx256m, for each runner],
# FAILOVER_RESULTS [a temporary directory], DRAIN_LIMIT_S [240], BULWARK_JAR [the built jar].
set -euo pipefail
export DRAIN_LIMIT_S="${DRAIN_LIMIT_S:-240}"

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOPOLOGY="${1:-sentinel}"
[[ "$TOPOLOGY" == sentinel || "$TOPOLOGY" == cluster ]] || {
    echo "usage: $0 [sentinel|cluster]" >&2
    exit 2
}
BULWARK_JAR="${BULWARK_JAR:-$ROOT/bootstrap/target/bulwark-server.jar}"
DRIVER="$ROOT/scripts/task-durability/TaskDurabilityDriver.java"
COUNT="${FAILOVER_TASKS:-600}"
CALLERS="${FAILOVER_CALLERS:-8}"
DELAY_MS="${FAILOVER_DELAY_MS:-2000}"
KILL_AFTER="${FAILOVER_KILL_AFTER:-20}"
SECOND_KILL_AFTER="${FAILOVER_SECOND_KILL_AFTER:-30}"
CALL_THREADS="${FAILOVER_CALL_THREADS:-12}"
RATE_LIMIT="${FAILOVER_RATE_LIMIT:-120}"
OUT="${FAILOVER_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/bulwark-redis-failover.XXXXXX")}"
read -r -a JAVA_OPTS <<<"${FAILOVER_JAVA_OPTS:--Xmx256m}"
PRIMARY_NAME=bulwark-primary
PIDS=()
declare -A REDIS_PIDS=()

say() { printf 'redis-failover %s: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { say "$*"; exit 1; }
event() { echo "${EVENT_AT:-$(date +%s%3N)} $*" >>"$OUT/events"; say "$*"; } # EVENT_AT: when it happened, in ms

# redis-server starts as a Sentinel when its path names one, and the nodes' files lie under OUT
[[ "$OUT" != *redis-sentinel* ]] || die "FAILOVER_RESULTS must not contain 'redis-sentinel' (redis-server reads it as sentinel mode): choose another directory"
mkdir -p "$OUT"
# shellcheck source=load/common.sh
source "$ROOT/scripts/load/common.sh"
# shellcheck source=task-durability/fleet.sh
source "$ROOT/scripts/task-durability/fleet.sh"
fleet_prepare

# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${REDIS_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}" "${REDIS_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Sends one inline command to the Redis or Sentinel on port $1 and prints its answer's lines (RESP, unparsed).
redis_ask() {
    local port="$1" fd line
    shift
    exec {fd}<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf '%s\r\n' "$*" >&"$fd"
    while IFS= read -r -t 0.5 line <&"$fd"; do printf '%s\n' "${line%$'\r'}"; done
    exec {fd}>&-
}

redis_server() { # NAME PORT ARGS...
    local name="$1" port="$2"
    shift 2
    mkdir -p "$OUT/$name"
    "$REDIS_BIN" "$@" --port "$port" --bind 127.0.0.1 --dir "$OUT/$name" --save '' >"$OUT/$name.redis.log" 2>&1 &
    REDIS_PIDS[$port]=$!
    await_port "$port" "$OUT/$name.redis.log"
}

# ---- A Sentinel set: a primary, a replica, three Sentinels

# The port of the primary, as the first Sentinel that answers names it.
sentinel_primary_port() {
    local port
    for sentinel in "${SENTINEL_PORTS[@]}"; do
        port="$(redis_ask "$sentinel" SENTINEL get-master-addr-by-name "$PRIMARY_NAME" 2>/dev/null | sed -n 5p)" || true
        [[ "$port" =~ ^[0-9]+$ ]] && { echo "$port"; return; }
    done
    die "no Sentinel names the primary"
}

sentinel_start() {
    PRIMARY_PORT="$(free_port)"
    redis_server primary "$PRIMARY_PORT"
    REPLICA_PORT="$(free_port)"
    redis_server replica "$REPLICA_PORT" --replicaof 127.0.0.1 "$PRIMARY_PORT"
    SENTINEL_PORTS=()
    for i in 1 2 3; do
        port="$(free_port)"
        mkdir -p "$OUT/sentinel-$i"
        cat >"$OUT/sentinel-$i/sentinel.conf" <<CONF
sentinel monitor $PRIMARY_NAME 127.0.0.1 $PRIMARY_PORT 2
sentinel down-after-milliseconds $PRIMARY_NAME 1000
sentinel failover-timeout $PRIMARY_NAME 5000
sentinel parallel-syncs $PRIMARY_NAME 1
CONF
        redis_server "sentinel-$i" "$port" "$OUT/sentinel-$i/sentinel.conf" --sentinel
        SENTINEL_PORTS+=("$port")
    done
    for _ in $(seq 1 120); do
        ready=1
        for sentinel in "${SENTINEL_PORTS[@]}"; do
            report="$(redis_ask "$sentinel" SENTINEL master "$PRIMARY_NAME" 2>/dev/null || true)"
            [[ "$(grep -A2 -x 'num-other-sentinels' <<<"$report" | sed -n 3p)" == 2 ]] || ready=""
            [[ "$(grep -A2 -x 'num-slaves' <<<"$report" | sed -n 3p)" == 1 ]] || ready=""
        done
        [[ -n "$ready" ]] && grep -q 'master_link_status:up' <(redis_ask "$REPLICA_PORT" INFO replication) && break
        ready=""
        sleep 0.5
    done
    [[ -n "$ready" ]] || die "the Sentinels do not know each other and the replica (see $OUT/*.redis.log)"
    SENTINELS="$(printf '127.0.0.1:%s,' "${SENTINEL_PORTS[@]}")"
    export REDIS_URL="redis-sentinel://${SENTINELS%,}#$PRIMARY_NAME"
    say "primary on $PRIMARY_PORT, replica on $REPLICA_PORT, Sentinels on ${SENTINEL_PORTS[*]}"
}

# ---- A Cluster: three primaries holding a third of the slots each, a replica of each

# A free port whose Cluster bus port (the port plus 10000) is free too and below 65536.
cluster_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((15000 + RANDOM % 15000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null &&
            ! (exec 3<>"/dev/tcp/127.0.0.1/$((port + 10000))") 2>/dev/null &&
            [[ -z "${REDIS_PIDS[$port]:-}" ]]; then
            echo "$port"
            return
        fi
    done
    die "found no free port for a Cluster node"
}

# The slot of the key $1, as a node answers.
cluster_keyslot() {
    redis_ask "${CLUSTER_PORTS[0]}" CLUSTER KEYSLOT "$1" | sed -n 's/^:\([0-9]*\)$/\1/p'
}

# The port of the primary that serves slot $1, as the first running node that answers names it (a node that the
# Cluster counts as failed is not named).
cluster_primary_of() {
    local slot="$1" port answer
    for port in "${CLUSTER_PORTS[@]}"; do
        kill -0 "${REDIS_PIDS[$port]}" 2>/dev/null || continue
        answer="$(redis_ask "$port" CLUSTER NODES 2>/dev/null | awk -v slot="$slot" '
            $3 ~ /master/ && $3 !~ /fail/ {
                for (i = 9; i <= NF; i++) {
                    n = split($i, range, "-")
                    if (n == 1) range[2] = range[1]
                    if (range[1] + 0 <= slot && slot <= range[2] + 0) { split($2, address, "[:@]"); print address[2]; exit }
                }
            }')" || true
        [[ "$answer" =~ ^[0-9]+$ ]] && { echo "$answer"; return; }
    done
    echo none
}

cluster_start() {
    CLUSTER_PORTS=()
    for i in 1 2 3 4 5 6; do
        port="$(cluster_port)"
        redis_server "node-$i" "$port" --cluster-enabled yes --cluster-node-timeout 1000 --appendonly no
        CLUSTER_PORTS+=("$port")
    done
    for i in 0 1 2; do
        [[ "$(redis_ask "${CLUSTER_PORTS[$i]}" CLUSTER ADDSLOTS \
            "$(seq -s ' ' $((16384 * i / 3)) $((16384 * (i + 1) / 3 - 1)))")" == "+OK" ]] ||
            die "node $((i + 1)) refused its slots (see $OUT/node-$((i + 1)).redis.log)"
    done
    for port in "${CLUSTER_PORTS[@]:1}"; do
        redis_ask "${CLUSTER_PORTS[0]}" CLUSTER MEET 127.0.0.1 "$port" >/dev/null
    done
    for _ in $(seq 1 120); do
        ready=1
        for port in "${CLUSTER_PORTS[@]}"; do
            [[ "$(redis_ask "$port" CLUSTER NODES | grep -c connected)" == 6 ]] || ready=""
        done
        [[ -n "$ready" ]] && break
        sleep 0.5
    done
    [[ -n "$ready" ]] || die "the Cluster's nodes do not know each other (see $OUT/node-*.redis.log)"
    for i in 0 1 2; do
        id="$(redis_ask "${CLUSTER_PORTS[$i]}" CLUSTER MYID | sed -n 2p)"
        [[ "$(redis_ask "${CLUSTER_PORTS[$((i + 3))]}" CLUSTER REPLICATE "$id")" == "+OK" ]] ||
            die "node $((i + 4)) cannot replicate node $((i + 1))"
    done
    for _ in $(seq 1 120); do
        ready=1
        for i in 0 1 2 3 4 5; do
            [[ "$(redis_ask "${CLUSTER_PORTS[$i]}" CLUSTER INFO)" == *cluster_state:ok* ]] || ready=""
            [[ $i -lt 3 || "$(redis_ask "${CLUSTER_PORTS[$i]}" INFO replication)" == *master_link_status:up* ]] ||
                ready=""
        done
        [[ -n "$ready" ]] && break
        sleep 0.5
    done
    [[ -n "$ready" ]] || die "the Cluster is not ready (see $OUT/node-*.redis.log)"
    NODES="$(printf '127.0.0.1:%s,' "${CLUSTER_PORTS[@]}")"
    export REDIS_URL="redis-cluster://${NODES%,}"
    QUEUE_SLOT="$(cluster_keyslot '{task-queue}')"
    STORE_SLOT="$(cluster_keyslot '{tasks}')"
    say "Cluster nodes on ${CLUSTER_PORTS[*]} (primaries first); the task queue on slot $QUEUE_SLOT, the task" \
        "store on slot $STORE_SLOT"
}

# The port of the primary whose loss is the next kill's: the task queue's, then (on a Cluster) another shard's,
# the task store's if it lies elsewhere.
target_primary() {
    if [[ "$TOPOLOGY" == sentinel ]]; then
        sentinel_primary_port
    elif [[ ${#KILLED[@]} == 0 ]]; then
        cluster_primary_of "$QUEUE_SLOT"
    else
        local store port
        store="$(cluster_primary_of "$STORE_SLOT")"
        [[ "$store" != "${KILLED[0]}" && "$store" != "$(cluster_primary_of "$QUEUE_SLOT")" ]] &&
            { echo "$store"; return; }
        for port in "${CLUSTER_PORTS[@]}"; do
            [[ "$(redis_ask "$port" ROLE 2>/dev/null | sed -n 3p)" == master &&
                "$port" != "$(cluster_primary_of "$QUEUE_SLOT")" ]] && kill -0 "${REDIS_PIDS[$port]}" 2>/dev/null &&
                { echo "$port"; return; }
        done
        die "no other shard's primary is running"
    fi
}

# The port that serves now what the primary killed last served.
successor() {
    if [[ "$TOPOLOGY" == sentinel ]]; then
        sentinel_primary_port
    else
        cluster_primary_of "$KILLED_SLOT"
    fi
}

# The first slot the primary on port $1 serves (a Cluster only).
first_slot_of() {
    redis_ask "$1" CLUSTER NODES | awk '$3 ~ /myself/ { split($9, range, "-"); print range[1] }'
}

"${TOPOLOGY}_start"

# ---- The upstream, the configuration and the runners, as task-durability's

fleet_upstream "$CALLERS" "$DELAY_MS" "  items:
    base-url: @UPSTREAM@
    methods: [GET]
    openapi: file:$OUT/jobs-openapi.yaml
    openapi-operations: [readItem]
    max-concurrent: 256
    timeout: 30s"
RUNNER_FLAGS=(--config "$OUT/bulwark.yaml" --api-keys-file "$OUT/api-keys.json"
    --rate-limit "$RATE_LIMIT" --max-concurrent-calls-per-tool 8 --tasks-lease 10s
    --tasks-heartbeat 2s --tasks-max-active-per-caller 10000 --tasks-max-kept-per-caller 100000)
A_PORT="$(free_port)" A_MGMT="$(free_port)" B_PORT="$(free_port)" B_MGMT="$(free_port)" W_MGMT="$(free_port)"
start_runner a --http --port "$A_PORT" --management-port "$A_MGMT"
start_runner b --http --port "$B_PORT" --management-port "$B_MGMT"
start_runner worker --worker --management-port "$W_MGMT"
await_ready "$A_MGMT" "$B_MGMT" "$W_MGMT"
say "$TOPOLOGY ready on $REDIS_URL (results in $OUT)"

# ---- The calls and the tasks, with the primaries killed on the tasks' progress

MCP_URLS=("http://127.0.0.1:$A_PORT/mcp" "http://127.0.0.1:$B_PORT/mcp")
java -Xmx256m "$DRIVER" calls "$OUT" "$CALL_THREADS" "$RATE_LIMIT" \
    "http://127.0.0.1:$A_MGMT/health,http://127.0.0.1:$B_MGMT/health" "${MCP_URLS[@]}" \
    >"$OUT/calls-judgement.txt" 2>"$OUT/calls.log" &
CALLS_PID=$!
PIDS+=("$CALLS_PID")
TASKS_POLL_ON=other java -Xmx256m "$DRIVER" load "$OUT" "$COUNT" "$UPSTREAM" "${MCP_URLS[@]}" \
    >"$OUT/judgement.txt" 2>"$OUT/driver.log" &
DRIVER_PID=$!
PIDS+=("$DRIVER_PID")
event "load started"
KILL_TIMES=("$KILL_AFTER")
[[ "$TOPOLOGY" == cluster ]] && KILL_TIMES+=("$SECOND_KILL_AFTER")
KILLED=() PROMOTED=() KILLED_SLOT="" waiting=""
LOAD_START="" # when the first tasks were created: on a busy machine the driver may take a while to begin
while kill -0 "$DRIVER_PID" 2>/dev/null; do
    if [[ -z "$LOAD_START" ]] && read -r created _ <"$OUT/progress" 2>/dev/null && ((created > 0)); then
        LOAD_START="$(date +%s)"
        event "first tasks created"
    fi
    next=${#KILLED[@]}
    if [[ -n "$LOAD_START" && -z "$waiting" && $next -lt ${#KILL_TIMES[@]} && $(($(date +%s) - LOAD_START)) -ge ${KILL_TIMES[$next]} ]]; then
        progress="$(cat "$OUT/progress" 2>/dev/null || echo "still creating")"
        port="$(target_primary)"
        [[ -n "${REDIS_PIDS[$port]:-}" ]] || die "no primary to kill"
        [[ "$TOPOLOGY" == cluster ]] && KILLED_SLOT="$(first_slot_of "$port")"
        killed_at="$(date +%s%3N)"
        kill -KILL "${REDIS_PIDS[$port]}"
        KILLED+=("$port")
        waiting=1
        EVENT_AT="$killed_at" event "primary killed (SIGKILL, port $port) at tasks created, ended, total: $progress"
    fi
    if [[ -n "$waiting" ]]; then
        port="$(successor)"
        if [[ "$port" != "${KILLED[-1]}" && "$port" != none ]]; then
            waiting=""
            PROMOTED+=("$port")
            event "the $TOPOLOGY names the new primary (port $port)"
        fi
    fi
    sleep 0.2
done
DRIVER_EXIT=0
wait "$DRIVER_PID" || DRIVER_EXIT=$?
touch "$OUT/stop-calls"
CALLS_EXIT=0
wait "$CALLS_PID" || CALLS_EXIT=$?
cat "$OUT/judgement.txt" "$OUT/calls-judgement.txt"
# Each failover as each runner saw it, from its log: when its pool moved to the new primary (a Sentinel set only),
# its last line saying Redis failed and its last breaker closing, before the next kill.
mapfile -t KILLED_AT < <(awk '/primary killed/ {print $1}' "$OUT/events" 2>/dev/null || true)
stamp_ms() { # a log line's timestamp, in ms since the epoch
    local stamp
    stamp="$(sed -n 's/.*"timestamp":"\([^"]*\)".*/\1/p' <<<"$1")"
    [[ -n "$stamp" ]] && date -d "$stamp" +%s%3N
}
for k in "${!KILLED_AT[@]}"; do
    from="${KILLED_AT[$k]}" until="${KILLED_AT[$((k + 1))]:-99999999999999}"
    for name in a b worker; do
        moved="-" failed="-" closed="-"
        while IFS= read -r line; do
            at="$(stamp_ms "$line")" || continue
            [[ -n "$at" && "$at" -ge "$from" && "$at" -lt "$until" ]] || continue
            if [[ "$line" == *"pool to master at 127.0.0.1:${PROMOTED[$k]:-none}"* && "$moved" == - ]]; then
                moved="$((at - from)) ms"
            elif [[ "$line" == *'"level":"WARN"'* && "$line" =~ Redis|redis|[Tt]ask\ (store|queue)|Rate-limit\ store ]]; then
                failed="$((at - from)) ms"
            elif [[ "$line" == *"circuit breaker closed"* ]]; then
                closed="$((at - from)) ms"
            fi
        done < <(grep -E 'pool to master|"level":"WARN"|circuit breaker closed' "$OUT/$name.log" || true)
        echo "failover $((k + 1)) (port ${KILLED[$k]:-?}) seen by $name: pool on the new primary $moved after the" \
            "kill; last warning of a Redis failure $failed after it; last breaker closing $closed after it" |
            tee -a "$OUT/calls-report.txt"
    done
done
for name in a b worker; do
    say "$name: $(grep -c '"level":"WARN"' "$OUT/$name.log" || true) warnings, $(grep -c '"level":"ERROR"' \
        "$OUT/$name.log" || true) errors in $OUT/$name.log"
done
for name in a b worker; do
    echo "warnings of $name by kind:"
    grep '"level":"WARN"' "$OUT/$name.log" | sed 's/\([Tt]ask\) [A-Za-z0-9_-]\{20,\}/\1 ID/g' |
        sed 's/.*"message":"\([^":(]\{0,60\}\).*/\1/' | sort | uniq -c | sort -rn
done | tee -a "$OUT/calls-report.txt"
[[ ${#KILLED[@]} == "${#KILL_TIMES[@]}" ]] ||
    die "${#KILLED[@]} of ${#KILL_TIMES[@]} primaries killed: the tasks ended too soon (lower FAILOVER_KILL_AFTER)"
say "results in $OUT"
[[ "$DRIVER_EXIT" == 0 && "$CALLS_EXIT" == 0 ]]
