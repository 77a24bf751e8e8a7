# shellcheck shell=bash
# Helpers shared by scripts/load.sh and scripts/load-pair.sh (sourced, not run). The sourcing script defines
# die MESSAGE and OUT (a directory for scratch files) first.

# Bulwark with its full pipeline on: the conformance tools (the load calls test_simple_text), the rate limit and the
# concurrency limits raised so that every check runs on every call but none rejects one. Both scripts measure the cost
# of the checks, not their effect. Add --port.
# shellcheck disable=SC2034 # used by the scripts that source this file
BULWARK_FLAGS=(--http --management-port 0 --conformance-tools --rate-limit 1000000000
    --max-concurrent-calls 4096 --max-concurrent-calls-per-tool 4096 --max-connections 4096
    --max-connections-per-address 4096)

# Prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    die "found no free port"
}

# Opens an MCP session on $1 (an /mcp URL), waiting up to a minute for the server to listen, and prints its id.
open_session() {
    local url="$1" headers session=""
    headers="$(mktemp "$OUT/initialize.XXXXXX")"
    for _ in $(seq 1 120); do
        if curl -fsS -o /dev/null -D "$headers" -X POST "$url" \
            -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
            -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                 "capabilities":{},"clientInfo":{"name":"bulwark-load","version":"1"}}}' 2>/dev/null; then
            session="$(tr -d '\r' <"$headers" | awk 'tolower($1) == "mcp-session-id:" {print $2}')"
            break
        fi
        sleep 0.5
    done
    [[ -n "$session" ]] || die "no MCP session from $url"
    curl -fsS -o /dev/null -X POST "$url" -H "Mcp-Session-Id: $session" -H 'MCP-Protocol-Version: 2025-06-18' \
        -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
        -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
    echo "$session"
}

# Waits up to a minute for the server at $1 (an /mcp URL) to answer a tools/call of tool $2 with arguments $3 (JSON),
# without a session: of the 2025 era from a stateless server, or, with $4 set to 2026-07-28, as a request of the
# 2026 era (its version in _meta and the headers), which needs no session in either HTTP mode.
wait_for_tool_call() {
    local url="$1" tool="$2" arguments="$3" era="${4:-}" meta="" headers=(-H 'MCP-Protocol-Version: 2025-06-18')
    if [[ "$era" == 2026-07-28 ]]; then
        headers=(-H "MCP-Protocol-Version: $era" -H 'Mcp-Method: tools/call' -H "Mcp-Name: $tool")
        meta=',"_meta":{"io.modelcontextprotocol/protocolVersion":"'"$era"'",
              "io.modelcontextprotocol/clientCapabilities":{}}'
    fi
    for _ in $(seq 1 120); do
        if curl -fsS -o /dev/null -X POST "$url" "${headers[@]}" \
            -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
            -d '{"jsonrpc":"2.0","id":0,"method":"tools/call","params":{"name":"'"$tool"'","arguments":'"$arguments$meta"'}}' \
            2>/dev/null; then
            return
        fi
        sleep 0.5
    done
    die "no answer from $url"
}

# Gets the server at $2 (an /mcp URL) ready for load in mode $1 and prints the session id to send: stateful, a
# session opened once (open_session); stateless, no session (an empty id: the wrk script then sends no header), once
# the server answers a tools/call of tool $3 with arguments $4 (wait_for_tool_call).
ready_for_load() {
    local mode="$1" url="$2" tool="$3" arguments="$4"
    if [[ "$mode" == stateful ]]; then
        open_session "$url"
    else
        wait_for_tool_call "$url" "$tool" "$arguments"
    fi
}

# Prints utime + stime of process $1, in clock ticks (fields 14 and 15 of /proc/PID/stat, after the command name).
cpu_ticks() {
    sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}

# Prints the machine's CPU time so far as "total steal", in clock ticks (the cpu line of /proc/stat; steal is the time
# the hypervisor ran something else while this machine wanted to run).
host_ticks() {
    awk '$1 == "cpu" {total = 0; for (i = 2; i <= NF; i++) total += $i; print total, $9}' /proc/stat
}

# Prints the share of the machine's CPU time stolen by the hypervisor between two host_ticks readings, in percent.
steal_percent() {
    local before after
    read -r -a before <<<"$1"
    read -r -a after <<<"$2"
    awk -v t="$((after[0] - before[0]))" -v s="$((after[1] - before[1]))" \
        'BEGIN {printf "%.1f", (t > 0 ? 100 * s / t : 0)}'
}
