package io.github.freeport.crossprocess;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.github.freeport.PortReservation;

/**
 * A leased port whose hold is proven for real while it lasts: a marker file {@code held-<port>} that
 * only one process can create, holding the creator's pid, and a listening socket on the port. A marker
 * left by a process that was killed (gone, exiting or a zombie) is stale and taken over; its socket may then
 * still be closing for a moment, so the bind is retried for up to {@link #STALE_BIND_WAIT_MILLIS}. A marker
 * of a live process is a duplicate hold, reported at once as {@code DUPLICATE <port> ...}; a bind that
 * fails otherwise as {@code BIND_FAILED <port> ...}.
 */
final class ProvenHold implements AutoCloseable {

	static final long STALE_BIND_WAIT_MILLIS = 5000;
	private static final long PID = ProcessHandle.current().pid();
	private static final long PF_EXITING = 0x4;

	private final PortReservation reservation;
	private final Path marker;
	private final ServerSocketChannel socket;

	private ProvenHold(PortReservation reservation, Path marker, ServerSocketChannel socket) {
		this.reservation = reservation;
		this.marker = marker;
		this.socket = socket;
	}

	static ProvenHold of(PortReservation reservation, Path markers, Consumer<String> problems) throws IOException {
		int port = reservation.port();
		Path marker = markers.resolve("held-" + port);
		Path mine = Files.writeString(markers.resolve("pid-" + PID + "-" + Thread.currentThread().getId() + "-" + port),
			String.valueOf(PID));
		boolean owned = false;
		boolean tookOverStale = false;
		try {
			for (int attempt = 0; attempt < 3 && !owned; attempt++) {
				try {
					Files.createLink(marker, mine); // atomic, fails if the marker exists
					owned = true;
				}
				catch (FileAlreadyExistsException e) {
					long other = markerPid(marker);
					if (other != 0 && isLive(other)) {
						problems.accept("DUPLICATE " + port + " marker of live pid " + other + (other == PID ? " (this JVM)" : ""));
						break;
					}
					deleteIfExists(marker); // stale: its writer was killed while holding the port
					tookOverStale = true;
				}
			}
		}
		finally {
			Files.delete(mine);
		}
		ServerSocketChannel socket = bind(port, tookOverStale, problems);
		return new ProvenHold(reservation, owned ? marker : null, socket);
	}

	private static ServerSocketChannel bind(int port, boolean mayStillBeClosing, Consumer<String> problems) throws IOException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(mayStillBeClosing ? STALE_BIND_WAIT_MILLIS : 0);
		while (true) {
			ServerSocketChannel socket = ServerSocketChannel.open();
			try {
				socket.setOption(StandardSocketOptions.SO_REUSEADDR, false);
				socket.bind(new InetSocketAddress(port));
				return socket;
			}
			catch (IOException e) {
				socket.close();
				if (System.nanoTime() - deadline >= 0) {
					problems.accept("BIND_FAILED " + port + " " + e);
					return null;
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // a bounded retry while a killed holder's socket closes
			}
		}
	}

	private static long markerPid(Path marker) throws IOException {
		try {
			return Long.parseLong(Files.readString(marker, StandardCharsets.UTF_8).strip());
		}
		catch (NoSuchFileException | NumberFormatException e) {
			return 0; // gone meanwhile, or never written
		}
	}

	/**
	 * Alive and not exiting. A killed process drops its locks while it exits (it is flagged
	 * {@code PF_EXITING} in {@code /proc/<pid>/stat} from the start of its exit) and holds nothing once a
	 * zombie, though {@link ProcessHandle} still calls it alive.
	 */
	private static boolean isLive(long pid) {
		if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false) {
			return false;
		}
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.UTF_8);
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			char state = fields[0].charAt(0);
			long flags = Long.parseLong(fields[6]);
			return state != 'Z' && state != 'X' && (flags & PF_EXITING) == 0;
		}
		catch (IOException | RuntimeException e) {
			return !Files.isDirectory(Path.of("/proc")); // no procfs: trust ProcessHandle
		}
	}

	private static void deleteIfExists(Path file) throws IOException {
		Files.deleteIfExists(file);
	}

	/** Released in the reverse order of taking, so the lease goes last. */
	@Override
	public void close() throws IOException {
		if (socket != null) {
			socket.close();
		}
		if (marker != null) {
			Files.delete(marker);
		}
		reservation.close();
	}
}
