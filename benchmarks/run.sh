#!/usr/bin/env bash
# The one command behind docs/benchmarks.md: builds freeport and the benchmark jar, runs the parts asked
# for, keeps each part's results in benchmarks/target/results and renders the page from all of them.
# `all` takes about 20 minutes on 2 idle cores.
#
#   ./benchmarks/run.sh all          # everything: the documented command
#   ./benchmarks/run.sh coldstart    # one part: coldstart | young | overhead | latency | report | collisions |
#                                    #           foreign | scaling | recovery
#   ./benchmarks/run.sh latency Steps   # latency: extra arguments go to JMH, e.g. a benchmark filter
#   MAVEN_ARGS=-o ./benchmarks/run.sh all   # extra Maven arguments (as Maven 3.9 reads them), e.g. offline
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
part="${1:-all}"
shift || true
case "$part" in
	all|coldstart|young|overhead|latency|report|collisions|foreign|scaling|recovery) ;;
	*) echo "Unknown part '$part': expected all, coldstart, young, overhead, latency, report, collisions, foreign," \
		"scaling or recovery" >&2; exit 2 ;;
esac

read -r -a maven_args <<< "${MAVEN_ARGS:-}"
echo "[benchmarks] installing freeport (tests, examples and the compatibility matrix skipped)"
(cd "$root" && mvn -B -q "${maven_args[@]}" install -DskipTests -Dcompat.skip)

echo "[benchmarks] building the benchmark jar"
(cd "$here" && mvn -B -q "${maven_args[@]}" package)

# A registry folder of its own, owner-only, so the run neither sees nor disturbs other builds' leases.
registry="$here/target/freeport-registry"
mkdir -p "$registry"
chmod 700 "$registry"
results="$here/target/results"
mkdir -p "$results"
jar="$here/target/benchmarks.jar"
props=(-Dfreeport.registry.dir="$registry" -Dfreeport.log.dir="$here/target/freeport-logs"
	-Dbench.child.logs="$here/target/child-logs")

# Every part is bounded in time; this is the outer bound, in case a part hangs all the same.
run_main() {
	local limit="$1" main="$2"
	shift 2
	timeout --kill-after=30 "$limit" java -Xms256m -Xmx512m "${props[@]}" -cp "$jar" "io.github.freeport.benchmarks.$main" \
		"$results" "$@"
}

run_part() {
	case "$1" in
		coldstart)
			echo "[benchmarks] coldstart: fresh JVMs through the JUnit Console Launcher, about 2 minutes"
			run_main 1200 ColdStart ;;
		young)
			echo "[benchmarks] young: 8 fresh JVMs on a 100-port range, about 2 minutes"
			run_main 900 YoungJvms ;;
		report)
			echo "[benchmarks] report: 100,000 logged allocations, then their run report, about 2 minutes"
			run_main 900 ReportBuild ;;
		foreign)
			echo "[benchmarks] foreign: collisions with a process that does not use freeport, about 2 minutes"
			run_main 900 Foreign ;;
		latency)
			echo "[benchmarks] latency: JMH, about 5 minutes"
			local jmh=("${@:2}")
			[ ${#jmh[@]} -gt 0 ] || jmh=(io.github.freeport.benchmarks.)
			java -jar "$jar" -jvmArgsAppend "-Dfreeport.registry.dir=$registry" -rf json -rff "$results/latency.json" \
				"${jmh[@]}"
			java -cp "$jar" io.github.freeport.benchmarks.BenchmarkReport "$results/latency.json" "$results" ;;
		collisions)
			echo "[benchmarks] collisions: 8 JVMs per configuration, about 4 minutes"
			run_main 900 Collisions ;;
		scaling)
			echo "[benchmarks] scaling: about 1 minute"
			run_main 600 Scaling ;;
		overhead)
			echo "[benchmarks] overhead: JUnit launcher in-process, about 1-2 minutes"
			run_main 600 Overhead ;;
		recovery)
			echo "[benchmarks] recovery: about 30 seconds"
			run_main 300 Recovery ;;
	esac
}

if [ "$part" = all ]; then
	for p in coldstart young overhead latency report collisions foreign scaling recovery; do
		run_part "$p"
	done
else
	run_part "$part" "$@"
fi

java -cp "$jar" io.github.freeport.benchmarks.BenchmarkPage "$results" "$root/docs/benchmarks.md"
echo "[benchmarks] wrote $root/docs/benchmarks.md"
