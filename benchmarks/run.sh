#!/usr/bin/env bash
# The one command behind docs/benchmarks.md: builds freeport, builds the JMH jar, runs every benchmark
# in one JMH run (same JVM settings), keeps the JSON and renders the page. About 5 minutes on 2 cores.
#
#   ./benchmarks/run.sh            # everything
#   ./benchmarks/run.sh Steps      # extra arguments go to JMH, e.g. a benchmark filter
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

echo "[benchmarks] installing freeport (tests skipped)"
(cd "$root" && mvn -B -q install -DskipTests)

echo "[benchmarks] building the benchmark jar"
(cd "$here" && mvn -B -q package)

# A registry folder of its own, owner-only, so the run neither sees nor disturbs other builds' leases.
registry="$here/target/freeport-registry"
mkdir -p "$registry"
chmod 700 "$registry"

results="$here/target/results.json"
echo "[benchmarks] running JMH; results in $results"
java -jar "$here/target/benchmarks.jar" \
	-jvmArgsAppend "-Dfreeport.registry.dir=$registry" \
	-rf json -rff "$results" \
	"${@:-io.github.freeport.benchmarks.}"

java -cp "$here/target/benchmarks.jar" io.github.freeport.benchmarks.BenchmarkReport "$results" "$root/docs/benchmarks.md"
echo "[benchmarks] wrote $root/docs/benchmarks.md"
