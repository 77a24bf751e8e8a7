# shellcheck shell=bash
# Parts shared by scripts/task-durability.sh and scripts/redis-failover.sh (sourced, not run): the redis-server
# binary, the counting upstream and its OpenAPI service, and the runners from the server jar. The sourcing script
# defines ROOT, OUT, BULWARK_JAR, DRIVER, JAVA_OPTS, PIDS (an array), say and die first, and sources
# scripts/load/common.sh (free_port).

M2="${M2_REPO:-$HOME/.m2/repository}"
REDIS_JAR="$M2/com/github/codemonstur/embedded-redis/1.4.4/embedded-redis-1.4.4.jar"
REDIS_BIN="$OUT/redis-server-6.2.6-v5-linux-amd64"

# Checks the jar, the embedded-redis artifact and curl; unpacks the redis-server the tests use into $OUT.
fleet_prepare() {
    [[ -f "$BULWARK_JAR" ]] || die "no $BULWARK_JAR: mvn -q -DskipTests package"
    [[ -f "$REDIS_JAR" ]] ||
        die "no $REDIS_JAR: run the adapter-redis tests once (mvn -pl adapter-redis test) to fetch it"
    command -v curl >/dev/null || die "curl is not installed"
    unzip -o -q -j "$REDIS_JAR" "$(basename "$REDIS_BIN")" -d "$OUT"
    chmod +x "$REDIS_BIN"
}

# Waits until something listens on 127.0.0.1:$1, or dies naming $2 (a log file).
await_port() {
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return
        sleep 0.1
    done
    die "nothing listens on $1 (see $2)"
}

# Writes the API keys of $1 callers, starts the counting upstream (answering after $2 ms) and writes
# $OUT/bulwark.yaml with the task service `jobs` and whatever YAML $3 adds under `services:` (@UPSTREAM@ in it
# becomes the upstream's URL). Sets UPSTREAM.
fleet_upstream() {
    local callers="$1" delay_ms="$2" extra="${3:-}"
    java "$DRIVER" keys "$OUT" "$callers"
    java -Xmx128m "$DRIVER" upstream "$OUT" "$delay_ms" >"$OUT/upstream.log" 2>&1 &
    PIDS+=("$!")
    for _ in $(seq 1 300); do
        [[ -s "$OUT/upstream.port" ]] && break
        sleep 0.1
    done
    [[ -s "$OUT/upstream.port" ]] || die "the upstream did not start (see $OUT/upstream.log)"
    UPSTREAM="http://127.0.0.1:$(cat "$OUT/upstream.port")/"
    extra="${extra//@UPSTREAM@/$UPSTREAM}"
    cat >"$OUT/jobs-openapi.yaml" <<'YAML'
openapi: 3.0.3
info: {title: jobs, version: "1"}
paths:
  /jobs/{jobId}:
    post:
      operationId: createJob
      summary: Creates a job; running it twice creates it twice
      parameters:
        - {name: jobId, in: path, required: true, schema: {type: string}}
      responses:
        "201": {description: created}
  /items/{itemId}:
    get:
      operationId: readItem
      summary: Reads an item
      parameters:
        - {name: itemId, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: the item}
YAML
    cat >"$OUT/bulwark.yaml" <<YAML
services:
  jobs:
    base-url: $UPSTREAM
    methods: [GET, POST]
    openapi: file:$OUT/jobs-openapi.yaml
    openapi-operations: [createJob, readItem]
    task-support: required
    max-concurrent: 256
    timeout: 30s
$extra
YAML
}

# Starts a runner from the server jar with the flags in the array RUNNER_FLAGS and then $2...; its log is
# $OUT/$1.log. Sets STARTED_PID.
start_runner() {
    local name="$1"
    shift
    java "${JAVA_OPTS[@]}" -jar "$BULWARK_JAR" "${RUNNER_FLAGS[@]}" "$@" >"$OUT/$name.log" 2>&1 &
    STARTED_PID=$!
    PIDS+=("$STARTED_PID")
}

# Waits until each management port given answers /ready.
await_ready() {
    for port in "$@"; do
        for _ in $(seq 1 240); do
            curl -fsS -o /dev/null "http://127.0.0.1:$port/ready" 2>/dev/null && break
            sleep 0.5
        done
        curl -fsS -o /dev/null "http://127.0.0.1:$port/ready" || die "a runner is not ready on $port (see $OUT/*.log)"
    done
}
