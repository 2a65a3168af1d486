#!/usr/bin/env bash
# Starts a Docker engine for the Testcontainers tests (see shared DOCKER.md), idempotently:
# - installs docker.io and busybox-static when missing (Debian; needs root),
# - starts dockerd with --bip (without it Testcontainers, which sees /.dockerenv, finds no bridge
#   gateway and tries to pull an image) in the background, its pid in $FREEPORT_DOCKER_STATE/dockerd.pid,
# - waits up to 30 s until `docker info` answers.
# An engine that already answers, or that another run is starting, is used as it is; only the run that
# started dockerd should stop it: with FREEPORT_DOCKER_OWNER_FILE set, this script writes "started" there
# when it started dockerd itself (.ci/run stops the engine at its end only then). Stop with .ci/docker-down.sh.
set -euo pipefail

state="${FREEPORT_DOCKER_STATE:-${TMPDIR:-/tmp}/freeport-dockerd}"
mkdir -p "$state"
pidfile="$state/dockerd.pid"
log="$state/dockerd.log"

if docker info >/dev/null 2>&1; then
	echo "docker-up: an engine already answers; leaving it as it is"
	exit 0
fi

if ! command -v dockerd >/dev/null 2>&1 || [ ! -x /bin/busybox ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "docker-up: dockerd or /bin/busybox is missing and this is not root:" \
			"install docker.io and busybox-static, then run again" >&2
		exit 1
	fi
	echo "docker-up: installing docker.io busybox-static"
	# another apt run (e.g. a parallel job) may hold the dpkg lock: wait for it rather than fail
	apt-get -o DPkg::Lock::Timeout=300 update -qq
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
		docker.io busybox-static >"$state/apt.log" 2>&1 || { cat "$state/apt.log" >&2; exit 1; }
fi

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
	echo "docker-up: dockerd $(cat "$pidfile") is starting already"
else
	# setsid: the engine outlives this script and is stopped by docker-down.sh through its pid
	setsid dockerd --bip 172.17.0.1/16 >"$log" 2>&1 </dev/null &
	echo $! >"$pidfile"
	echo "docker-up: started dockerd $(cat "$pidfile"), log in $log"
	if [ -n "${FREEPORT_DOCKER_OWNER_FILE:-}" ]; then
		echo started >"$FREEPORT_DOCKER_OWNER_FILE"
	fi
fi

for _ in $(seq 1 60); do
	if docker info >/dev/null 2>&1; then
		echo "docker-up: engine ready ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
		exit 0
	fi
	if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
		echo "docker-up: dockerd exited; its log:" >&2
		tail -n 30 "$log" >&2
		exit 1
	fi
	sleep 0.5
done
echo "docker-up: dockerd did not answer within 30 s; its log:" >&2
tail -n 30 "$log" >&2
exit 1
