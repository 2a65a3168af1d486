/*
 * LD_PRELOAD shim for RegistryFaultTests: byte-range locks on freeport's lock files (leases.lock and the
 * leases-NNNNN.lock of each block of ports) fail with ENOLCK,
 * as on a network file system without a lock daemon. Every other fcntl goes to the kernel unchanged.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int is_lock_file(int fd) {
	char link[64];
	char target[4096];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t length = readlink(link, target, sizeof target - 1);
	if (length < 0) {
		return 0;
	}
	target[length] = '\0';
	const char *base = strrchr(target, '/');
	base = base == NULL ? target : base + 1;
	const char *suffix = ".lock";
	size_t n = strlen(base);
	return strncmp(base, "leases", 6) == 0 && n >= strlen(suffix) && strcmp(base + n - strlen(suffix), suffix) == 0;
}

static int shim(int fd, int cmd, long arg) {
	if ((cmd == F_SETLK || cmd == F_SETLKW || cmd == F_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW
			|| cmd == F_OFD_GETLK) && is_lock_file(fd)) {
		errno = ENOLCK;
		return -1;
	}
	return (int) syscall(SYS_fcntl, fd, cmd, arg);
}

int fcntl(int fd, int cmd, ...) {
	va_list args;
	va_start(args, cmd);
	long arg = va_arg(args, long);
	va_end(args);
	return shim(fd, cmd, arg);
}

int fcntl64(int fd, int cmd, ...) {
	va_list args;
	va_start(args, cmd);
	long arg = va_arg(args, long);
	va_end(args);
	return shim(fd, cmd, arg);
}
