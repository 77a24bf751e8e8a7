#!/usr/bin/env bash
# Checks the deployment files of docs/deploy, and the repository's YAML files and shell scripts, with pinned tools:
#
#   - Prometheus: the scrape configuration and the alert rules (bulwark-alerts.yml, fleet-alerts.yml) parse, the rules'
#     unit tests (bulwark-alerts.test.yml, fleet-alerts.test.yml) pass, every query of the Grafana dashboard parses as PromQL                      promtool (Debian prometheus)
#   - the compose file against the Compose specification's schema, and dclint's rules
#     (scripts/deploy-tools/dclint.json turns off the ordering rules)                                dclint (npm)
#   - the Terraform module: every file parses as HCL, and every resource, block and argument is in the Google
#     provider's schema (scripts/deploy-tools/check-terraform.mjs)        @cdktf/hcl2json, @cdktf/provider-google (npm)
#   - every template (Kubernetes, Terraform, compose) gives all its instances one MCP_REQUEST_STATE_KEY, from a
#     secret (scripts/deploy-tools/check-request-state-key.mjs)                          @cdktf/hcl2json, yaml (npm)
#   - every alert of both rule files links (runbook_url) to a section of docs/runbook.md that exists and says what
#     it means, what to look at and what to do (scripts/deploy-tools/check-runbook-links.mjs)           yaml (npm)
#   - every YAML file of the repository (.yamllint.yaml)                                   yamllint (Debian)
#   - every shell script of the repository                                                 shellcheck (Debian)
#
# The Kubernetes manifests are checked against the Kubernetes API's types by KubernetesManifestsTest, the
# Dockerfile's rules by DockerfileTest (docs module), and the ports, paths, variables and metrics the files use by
# DeployFilesTest and DeployMetricsIT (bootstrap module): mvn verify runs those. .ci/run runs this script after it.
#
#   scripts/check-deploy.sh
#
# Needs apt-get and dpkg-deb (the Debian packages are downloaded, not installed: no root needed when the package
# lists are fresh), Node.js 20.19 or later with npm, python3 3.7 or later (yamllint; the Debian PyYAML's C part needs 3.11, its pure-Python part any), and git (the
# files to check are the repository's tracked files). Tools go to target/deploy-tools and
# scripts/deploy-tools/node_modules. Every check runs; the script fails if any failed.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEPLOY="$ROOT/docs/deploy"
TOOLS="$ROOT/target/deploy-tools"
NPM_TOOLS="$ROOT/scripts/deploy-tools"

# The pinned tools. Debian 12 (bookworm) package versions; the npm packages are pinned in
# scripts/deploy-tools/package-lock.json, except the provider's schema, fetched alone with its integrity checked.
DEBIAN_PACKAGES=(
    prometheus=2.42.0+ds-5+deb12u1
    shellcheck=0.9.0-1
    yamllint=1.29.0-1
    python3-pathspec=0.11.0-1
    python3-yaml=6.0-3+b2
)
PROVIDER_SCHEMA="@cdktf/provider-google@16.12.1"
PROVIDER_SCHEMA_INTEGRITY="sha512-KqNA/5RiFT07r0PSZ6/07cJ2zESUgbj1JchVj21iBFBZVUbD+578xA/k8eq/r0cbyEgLmg9eYWeVslaYah4DCQ=="

say() { printf 'check-deploy: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

for tool in apt-get dpkg-deb node npm python3 git; do
    command -v "$tool" >/dev/null || die "$tool is needed (see the top of this script)"
done
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
    || die "Node.js 20.19 or later is needed (dclint), found $(node --version)"
mkdir -p "$TOOLS"

# --- Tools --------------------------------------------------------------------------------------------------------

DEBIAN_ROOT="$TOOLS/debian"
debian_stamp="$DEBIAN_ROOT/.installed-$(printf '%s\n' "${DEBIAN_PACKAGES[@]}" | sha256sum | cut -c1-16)"
if [[ ! -f "$debian_stamp" ]]; then
    say "fetching ${DEBIAN_PACKAGES[*]} (apt-get download) into $DEBIAN_ROOT"
    rm -rf "$DEBIAN_ROOT" "$TOOLS/debs"
    mkdir -p "$DEBIAN_ROOT" "$TOOLS/debs"
    download() { (cd "$TOOLS/debs" && apt-get download -q "${DEBIAN_PACKAGES[@]}") >"$TOOLS/apt.log" 2>&1; }
    if ! download; then
        # Stale or missing package lists: refresh them when we may (CI runs as root), then try once more.
        if [[ "$(id -u)" == 0 ]] && apt-get update -q >>"$TOOLS/apt.log" 2>&1 && download; then
            :
        else
            cat "$TOOLS/apt.log" >&2
            die "apt-get download failed: is the Debian archive reachable, and are the pinned versions still in it?"
        fi
    fi
    for deb in "$TOOLS"/debs/*.deb; do
        dpkg-deb -x "$deb" "$DEBIAN_ROOT"
    done
    touch "$debian_stamp"
fi
PROMTOOL="$DEBIAN_ROOT/usr/bin/promtool"
SHELLCHECK="$DEBIAN_ROOT/usr/bin/shellcheck"
# yamllint and the PyYAML it runs on come from the Debian packages, ahead of anything the python3 has installed.
yamllint() { PYTHONPATH="$DEBIAN_ROOT/usr/lib/python3/dist-packages" python3 -m yamllint "$@"; }

npm_stamp="$NPM_TOOLS/node_modules/.installed-$(sha256sum "$NPM_TOOLS/package-lock.json" | cut -c1-16)"
if [[ ! -f "$npm_stamp" ]]; then
    say "installing dclint, @cdktf/hcl2json and yaml (npm ci in scripts/deploy-tools)"
    npm ci --prefix "$NPM_TOOLS" --no-audit --no-fund --loglevel=error >"$TOOLS/npm.log" 2>&1 \
        || { cat "$TOOLS/npm.log" >&2; die "npm ci in scripts/deploy-tools failed"; }
    touch "$npm_stamp"
fi
DCLINT="$NPM_TOOLS/node_modules/.bin/dclint"

PROVIDER_DIR="$TOOLS/provider-google"
if [[ "$(cat "$PROVIDER_DIR/.installed" 2>/dev/null)" != "$PROVIDER_SCHEMA_INTEGRITY" ]]; then
    say "fetching the Google provider's schema ($PROVIDER_SCHEMA, npm pack)"
    rm -rf "$PROVIDER_DIR"
    mkdir -p "$PROVIDER_DIR"
    tarball="$(cd "$PROVIDER_DIR" && npm pack "$PROVIDER_SCHEMA" --silent 2>"$TOOLS/npm-pack.log" | tail -n 1)" \
        || { cat "$TOOLS/npm-pack.log" >&2; die "npm pack $PROVIDER_SCHEMA failed"; }
    integrity="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512")
        .update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$PROVIDER_DIR/$tarball")"
    [[ "$integrity" == "$PROVIDER_SCHEMA_INTEGRITY" ]] \
        || die "$PROVIDER_SCHEMA: integrity $integrity, expected $PROVIDER_SCHEMA_INTEGRITY"
    # Only the resources' declarations (28 MB of the 300 MB package).
    tar -xzf "$PROVIDER_DIR/$tarball" -C "$PROVIDER_DIR" --wildcards 'package/lib/*/index.d.ts'
    rm -f "$PROVIDER_DIR/$tarball"
    printf '%s' "$PROVIDER_SCHEMA_INTEGRITY" >"$PROVIDER_DIR/.installed"
fi

say "$("$PROMTOOL" --version 2>&1 | head -n 1); shellcheck $("$SHELLCHECK" --version | sed -n 's/^version: //p');" \
    "$(yamllint --version); dclint $("$DCLINT" --version); $PROVIDER_SCHEMA"

# --- Checks -------------------------------------------------------------------------------------------------------

FAILED=()
check() {
    local name="$1"
    shift
    say "checking $name"
    if "$@"; then
        say "ok: $name"
    else
        say "FAILED: $name"
        FAILED+=("$name")
    fi
}

prometheus_files() {
    "$PROMTOOL" check config "$DEPLOY/prometheus/prometheus.yml" \
        && "$PROMTOOL" check rules "$DEPLOY/prometheus/fleet-alerts.yml" \
        && (cd "$DEPLOY/prometheus" && "$PROMTOOL" test rules bulwark-alerts.test.yml fleet-alerts.test.yml)
}

# The dashboard's queries, as recording rules promtool can parse: Grafana's variables replaced by values.
dashboard_queries() {
    local queries="$TOOLS/dashboard-queries.yml"
    python3 - "$DEPLOY/grafana/bulwark-dashboard.json" >"$queries" <<'PY' && "$PROMTOOL" check rules "$queries"
import json, sys
panels = json.load(open(sys.argv[1]))["panels"]
print("groups:\n  - name: dashboard-queries\n    rules:")
count = 0
for panel in panels:
    for target in panel.get("targets", []):
        expr = target.get("expr")
        if not expr:
            continue
        expr = (expr.replace("$__rate_interval", "5m").replace("$__interval", "1m")
                .replace("$instance", ".*"))
        count += 1
        print(f"      - record: dashboard:query_{count}")
        print(f"        expr: {json.dumps(expr)}")
if count == 0:
    sys.exit("no queries found in the dashboard")
PY
}

compose_file() {
    "$DCLINT" --color=false --max-warnings 0 -c "$NPM_TOOLS/dclint.json" "$DEPLOY/compose/compose.yaml"
}

terraform_module() {
    node "$NPM_TOOLS/check-terraform.mjs" "$DEPLOY/terraform" "$PROVIDER_DIR/package/lib"
}

request_state_key() {
    node "$NPM_TOOLS/check-request-state-key.mjs" "$DEPLOY"
}

runbook_links() {
    node "$NPM_TOOLS/check-runbook-links.mjs" "$ROOT" "$DEPLOY/prometheus/bulwark-alerts.yml" \
        "$DEPLOY/prometheus/fleet-alerts.yml"
}

yaml_files() {
    local files=()
    mapfile -t files < <(cd "$ROOT" && git ls-files '*.yml' '*.yaml' '.yamllint.yaml')
    ((${#files[@]} > 0)) || { say "no YAML files found"; return 1; }
    (cd "$ROOT" && yamllint --strict -f parsable "${files[@]}")
}

# Every tracked file that is a shell script: named *.sh, or starting with a sh or bash shebang.
shell_scripts() {
    local files=() file
    while IFS= read -r file; do
        if [[ "$file" == *.sh || "$(head -c 80 "$ROOT/$file" | tr -d '\0' | head -n 1)" =~ ^\#!.*[/\ ](ba)?sh([[:space:]]|$) ]]; then
            files+=("$file")
        fi
    done < <(cd "$ROOT" && git ls-files)
    ((${#files[@]} > 0)) || { say "no shell scripts found"; return 1; }
    say "shellcheck: ${files[*]}"
    (cd "$ROOT" && "$SHELLCHECK" --external-sources --source-path=SCRIPTDIR -f gcc "${files[@]}")
}

check "Prometheus configuration, alert rules and their unit tests (promtool)" prometheus_files
check "Grafana dashboard queries (promtool)" dashboard_queries
check "compose file: Compose schema and dclint's rules" compose_file
check "Terraform: HCL syntax and the Google provider's schema" terraform_module
check "request-state key: one per template, from a secret, for all its instances" request_state_key
check "alerts: each links to its runbook section" runbook_links
check "YAML files (yamllint)" yaml_files
check "shell scripts (shellcheck)" shell_scripts

if ((${#FAILED[@]} > 0)); then
    say "${#FAILED[@]} check(s) failed: $(printf '%s; ' "${FAILED[@]}")"
    exit 1
fi
say "ok: every deployment check passed"
