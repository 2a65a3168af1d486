#!/usr/bin/env bash
# Stops what .ci/docker-up.sh started, idempotently: removes the stopped containers Testcontainers left
# behind, then stops dockerd by the pid docker-up.sh recorded. An engine docker-up.sh did not start is not
# stopped. Nor is one in which containers still run, since another build on this host may be using it
# (Ryuk is off, so a killed test JVM leaves its containers running too): it says so and leaves it, unless
# called with --force, which removes every Testcontainers container first.
set -uo pipefail

state="${FREEPORT_DOCKER_STATE:-${TMPDIR:-/tmp}/freeport-dockerd}"
pidfile="$state/dockerd.pid"
force=false
[ "${1:-}" = --force ] && force=true

if docker info >/dev/null 2>&1; then
	if $force; then
		leftovers="$(docker ps -aq --filter label=org.testcontainers=true)"
	else
		leftovers="$(docker ps -aq --filter label=org.testcontainers=true --filter status=exited --filter status=created)"
	fi
	if [ -n "$leftovers" ]; then
		echo "docker-down: removing leftover containers: $(echo $leftovers)"
		docker rm -f $leftovers >/dev/null || true
	fi
	running="$(docker ps -q)"
	if [ -n "$running" ] && ! $force; then
		echo "docker-down: containers still run ($(echo $running)), maybe of another build using this engine:" \
			"leaving dockerd running; .ci/docker-down.sh --force removes them and stops it"
		exit 0
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
