#!/usr/bin/env bash
# Resident memory of the server under the 256-connection load: starts Bulwark with its launcher (the documented start
# command, with its class-data archive) once per variant of JVM options, round by round in turn, loads it with wrk
# at 256 connections (20 s to warm up, then 20 s measured) and prints, per round and variant, calls/s, the server's
# CPU ms per 1 000 calls, its resident memory after start, after the run and at its peak (VmRSS, VmHWM), how much of
# it after the run is anonymous and how much file-backed (RssAnon, RssFile) and its threads. Not run by CI; see
# docs/performance.md, "Resident memory under load".
#
#   mvn -q -DskipTests package                    # the launcher and its archive in bootstrap/target
#   scripts/load-memory.sh 3 "" "-Xmx192m" "BULWARK_MEMORY_DEFAULTS=off"   # rounds, then the variants ("" = none)
#
# Each variant's leading NAME=value words go to the launcher's environment, the rest is its JAVA_OPTS; the launcher
# gets the flags scripts/load.sh gives Bulwark (BULWARK_FLAGS in scripts/load/common.sh). Needs wrk
# (apt-get install -y wrk) and curl.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LAUNCHER="$ROOT/bootstrap/target/bulwark"
LUA="$ROOT/scripts/load/tools-call.lua"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-memory.XXXXXX")"
die() { echo "load-memory: $*" >&2; exit 1; }
# shellcheck source=scripts/load/common.sh
source "$ROOT/scripts/load/common.sh"

[[ $# -ge 2 ]] || die "usage: $0 ROUNDS \"JVM options\" [\"JVM options\" ...]"
[[ -x "$LAUNCHER" ]] || die "no launcher at $LAUNCHER: build first (mvn -q -DskipTests package)"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install -y wrk)"
ROUNDS="$1"
shift

rss_mib() { awk -v key="$2:" '$1 == key {print int($2 / 1024)}' "/proc/$1/status"; }
# "<VmRSS> MiB (anon <RssAnon>, file <RssFile>)" of process $1.
rss_split() { echo "$(rss_mib "$1" VmRSS) MiB (anon $(rss_mib "$1" RssAnon), file $(rss_mib "$1" RssFile))"; }

# Starts the launcher with variant $1 (leading NAME=value words: environment; the rest: JAVA_OPTS) on port $2.
launch() {
    local environment=() options=() word
    read -ra words <<<"$1"
    for word in "${words[@]}"; do
        if [[ ${#options[@]} -eq 0 && $word =~ ^[A-Z_][A-Z0-9_]*= ]]; then
            environment+=("$word")
        else
            options+=("$word")
        fi
    done
    env "${environment[@]}" JAVA_OPTS="${options[*]}" "$LAUNCHER" "${BULWARK_FLAGS[@]}" --port "$2"
}

for round in $(seq 1 "$ROUNDS"); do
    for options in "$@"; do
        port="$(free_port)"
        launch "$options" "$port" >"$OUT/server-$round.log" 2>&1 &
        url="http://127.0.0.1:$port/mcp"
        session="$(open_session "$url")"
        pid="$(pgrep -f "bulwark-server.jar.*--port $port" | head -1)"
        started="$(rss_split "$pid")"
        MCP_SESSION_ID="$session" wrk -t 2 -c 256 -d 20s -s "$LUA" "$url" >/dev/null
        ticks_before="$(cpu_ticks "$pid")"
        calls="$(MCP_SESSION_ID="$session" wrk -t 2 -c 256 -d 20s -s "$LUA" "$url" \
            | awk '/Requests\/sec/ {print int($2)}')"
        ticks_after="$(cpu_ticks "$pid")"
        cpu="$(awk -v t="$((ticks_after - ticks_before))" -v hz="$(getconf CLK_TCK)" -v c="$calls" \
            'BEGIN {printf "%.1f", (t / hz) * 1000 / (c * 20) * 1000}')"
        echo "round $round | ${options:-no options} | $calls calls/s | $cpu ms CPU per 1000 calls |" \
            "RSS at start $started, after the run $(rss_split "$pid"), peak $(rss_mib "$pid" VmHWM) MiB |" \
            "$(awk '$1 == "Threads:" {print $2}' "/proc/$pid/status") threads"
        kill "$pid"
        wait 2>/dev/null || true
    done
done
