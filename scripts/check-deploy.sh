#!/usr/bin/env bash
# Checks the Prometheus files of docs/deploy with promtool: the scrape configuration and the alert rules parse, the
# alert rules' unit tests (bulwark-alerts.test.yml) pass, and every query of the Grafana dashboard parses as PromQL
# (with its template variables filled in). .ci/run runs it after mvn verify; DeployMetricsIT checks separately that
# every metric those files query is one the server exports.
#
#   scripts/check-deploy.sh
#
# Uses promtool from the PATH when there is one; otherwise downloads the Debian package "prometheus" (apt-get
# download: no root, nothing installed) and unpacks its promtool under target/deploy-tools. Needs python3 to read
# the dashboard's JSON.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEPLOY="$ROOT/docs/deploy"
TOOLS="$ROOT/target/deploy-tools"

say() { printf 'check-deploy: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

command -v python3 >/dev/null || die "python3 is needed to read the Grafana dashboard"

if command -v promtool >/dev/null; then
    PROMTOOL="$(command -v promtool)"
else
    PROMTOOL="$TOOLS/usr/bin/promtool"
    if [[ ! -x "$PROMTOOL" ]]; then
        command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null \
            || die "promtool is not on the PATH and there is no apt-get/dpkg-deb to fetch it: install Prometheus's promtool"
        mkdir -p "$TOOLS"
        say "fetching promtool (Debian package prometheus) into $TOOLS"
        (cd "$TOOLS" && apt-get download -q prometheus >/dev/null 2>&1) \
            || die "apt-get download prometheus failed (is the Debian archive reachable? try apt-get update)"
        dpkg-deb -x "$(ls "$TOOLS"/prometheus_*.deb | head -n 1)" "$TOOLS"
    fi
fi
say "$("$PROMTOOL" --version 2>&1 | head -n 1)"

"$PROMTOOL" check config "$DEPLOY/prometheus/prometheus.yml"
(cd "$DEPLOY/prometheus" && "$PROMTOOL" test rules bulwark-alerts.test.yml)

# The dashboard's queries, as recording rules promtool can parse: Grafana's variables replaced by values.
QUERIES="$TOOLS/dashboard-queries.yml"
mkdir -p "$TOOLS"
python3 - "$DEPLOY/grafana/bulwark-dashboard.json" >"$QUERIES" <<'PY'
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
"$PROMTOOL" check rules "$QUERIES"
say "ok: the Prometheus configuration, the alert rules and their tests, and the dashboard's queries"
