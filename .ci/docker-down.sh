#!/usr/bin/env bash
# Stops what .ci/docker-up.sh started, idempotently: removes containers Testcontainers left behind
# (Ryuk is off, so a killed test JVM leaves them running), then stops dockerd by the pid docker-up.sh
# recorded. An engine docker-up.sh did not start is not stopped.
set -uo pipefail

state="${FREEPORT_DOCKER_STATE:-${TMPDIR:-/tmp}/freeport-dockerd}"
pidfile="$state/dockerd.pid"

if docker info >/dev/null 2>&1; then
	leftovers="$(docker ps -aq --filter label=org.testcontainers=true)"
	if [ -n "$leftovers" ]; then
		echo "docker-down: removing leftover containers: $(echo $leftovers)"
		docker rm -f $leftovers >/dev/null || true
	fi
fi

if [ ! -f "$pidfile" ]; then
	echo "docker-down: no dockerd started by docker-up.sh"
	exit 0
fi
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]; then
	kill "$pid"
	for _ in $(seq 1 30); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "docker-down: dockerd $pid still runs after 15 s; killing it" >&2
		kill -9 "$pid" 2>/dev/null || true
	fi
	echo "docker-down: stopped dockerd $pid"
fi
rm -f "$pidfile"
