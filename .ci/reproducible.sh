#!/usr/bin/env bash
# Reproducible build check: builds the committed HEAD twice, in two fresh folders under different paths,
# the second in another time zone, with the release profile (no tests, no signing), and compares every artifact the build attaches (POM,
# jar, sources, Javadoc, CLI jar, SBOMs) by checksum. Byte-identical or it fails, naming the artifact
# that differs. Uncommitted changes are not part of the check: commit first. Extra arguments go to mvn.
# Both builds run with this shell's umask: jars record file modes, so releases are built with umask 022.
set -euo pipefail
cd "$(dirname "$0")/.."
commit=$(git rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "Reproducible build check of $commit"

build() {
	local folder="$work/$1"
	shift
	mkdir -p "$folder"
	git archive "$commit" | tar -x -C "$folder"
	echo "-- build in $folder (TZ=${TZ:-unset})"
	(cd "$folder" && mvn -B -q -Prelease verify -Dgpg.skip -DskipTests -Dmaven.test.skip=true "$@")
}
build first "$@"
(export TZ=Pacific/Chatham; build second-build "$@")

# Each build's .buildinfo (maven-artifact-plugin) lists every attached artifact, Javadoc included, with
# its SHA-512: "<checksum> <file name>" per artifact.
checksums() {
	awk -F= '/^outputs\.[0-9]+\.filename=/ { split($1, key, "."); name[key[2]] = $2 }
		/^outputs\.[0-9]+\.checksums\.sha512=/ { split($1, key, "."); sum[key[2]] = $2 }
		END { for (i = 0; i in name; i++) print sum[i], name[i] }' "$work/$1"/target/*.buildinfo
}
checksums first > "$work/first.sums"
checksums second-build > "$work/second.sums"
if [ ! -s "$work/first.sums" ]; then
	echo "FAILED: the build listed no artifacts in target/*.buildinfo"
	exit 1
fi
if ! diff "$work/first.sums" "$work/second.sums" > "$work/diff"; then
	echo "FAILED: the two builds differ (SHA-512, file):"
	cat "$work/diff"
	echo "See how with: diffoscope $work/first/target/<file> $work/second-build/target/<file> (kept)"
	trap - EXIT
	exit 1
fi
while read -r sum name; do
	echo "same ${sum:0:16}  $name"
done < "$work/first.sums"
echo "Reproducible: $(wc -l < "$work/first.sums") artifacts byte-identical in two builds"
