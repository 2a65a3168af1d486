package io.github.freeport.registry;

import static org.apiguardian.api.API.Status.INTERNAL;


import io.github.freeport.Protocol;
import org.apiguardian.api.API;

/**
 * Where a lease is locked: the layout of the registry folder's lock files. <strong>This layout is the
 * protocol between JVMs</strong>, and between freeport versions: a version that lays the files out
 * differently must not share a registry folder with this one. {@code LockFileLayoutTests} pins it with a
 * JVM that locks the bytes directly.
 *
 * <h2>One lock file per block of 256 ports</h2>
 * The ports are spread over lock files of {@value #PORTS_PER_FILE} ports each ({@link #lockFileName(int)}),
 * named after each block's first port: TCP port {@code p} is byte {@code p % 256} of its block's file, UDP
 * port {@code p} byte {@code 256 + p % 256}. Linux keeps one list of the locks of a file and walks all of it
 * on every lock and unlock: with 5,000 leases held in one file, a lock and unlock took 140 µs instead of
 * 2 µs here. The folder's {@link #LOCK_FILE} holds no leases: it is where locking is checked when the
 * registry is opened (at byte {@link #PROBE_OFFSET}), and the registry's identity.
 *
 * <h2>Positions</h2>
 * Inside freeport, a lease of one protocol of one port is a <em>position</em>: TCP port {@code p} is
 * position {@code p}, UDP port {@code p} position {@code 65536 + p}. A position names the byte to lock
 * ({@link #blockOf}, {@link #offsetOf}) and the holder's metadata slot in {@link #HOLDERS_FILE}.
 *
 * <p>Never open a lock file: see {@link LockFile}.
 */
@API(status = INTERNAL, since = "0.1")
public final class LockFileLayout {

	/**
	 * The name of the registry folder's first lock file, where locking is checked and that tells one
	 * registry from another; leases are in the lock files of {@link #lockFileName(int)}. Never open any of
	 * them: see {@link LockFile}.
	 */
	public static final String LOCK_FILE = "leases.lock";

	/** Ports per lock file: see the class comment. */
	public static final int PORTS_PER_FILE = 256;

	/** The holder metadata file's name in the registry folder: one slot per position ({@link HolderSlots}). */
	public static final String HOLDERS_FILE = "holders.bin";

	private static final String LOCK_FILE_PREFIX = "leases-";

	/** The first UDP position: UDP port {@code p} is position {@code UDP_OFFSET + p}. */
	static final long UDP_OFFSET = 65536;

	/** How many positions there are: every TCP port, then every UDP port. */
	static final long POSITIONS = 2 * UDP_OFFSET;

	/** How many blocks of ports, and so at most how many lock files besides {@link #LOCK_FILE}. */
	static final int BLOCKS = (int) (UDP_OFFSET / PORTS_PER_FILE);

	/** The byte of {@link #LOCK_FILE} where locking is checked; no lease is ever there. */
	static final long PROBE_OFFSET = 2 * 65536;

	private LockFileLayout() {
	}

	/**
	 * The name of the lock file that holds a port's leases (TCP and UDP), in the registry folder: one file
	 * per block of {@value #PORTS_PER_FILE} ports, named after the block's first port. Never open it: see
	 * {@link LockFile}.
	 */
	public static String lockFileName(int port) {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port " + port + " is not in 0-65535");
		}
		String first = Integer.toString(port / PORTS_PER_FILE * PORTS_PER_FILE);
		return LOCK_FILE_PREFIX + "00000".substring(first.length()) + first + ".lock";
	}

	/** The positions a lease of a port takes: one, or two for {@link Protocol#BOTH}, TCP first. */
	static long[] positions(int port, Protocol protocol) {
		// not a switch: one over another class's enum compiles to a class of its own, loaded with the first lease
		if (protocol == Protocol.TCP) {
			return new long[] { port };
		}
		if (protocol == Protocol.UDP) {
			return new long[] { UDP_OFFSET + port };
		}
		return new long[] { port, UDP_OFFSET + port };
	}

	/** The block of ports a position is in, which is the index of its lock file. */
	static int blockOf(long position) {
		return (int) (position % UDP_OFFSET / PORTS_PER_FILE);
	}

	/** The byte of a position in its block's lock file: TCP first, then UDP. */
	static long offsetOf(long position) {
		return (position >= UDP_OFFSET ? PORTS_PER_FILE : 0) + position % UDP_OFFSET % PORTS_PER_FILE;
	}

	/** The port of a position, whichever its protocol. */
	static int portOf(long position) {
		return (int) (position % UDP_OFFSET);
	}

	/** The protocol of a position: {@link Protocol#TCP} or {@link Protocol#UDP}. */
	static Protocol protocolOf(long position) {
		return position >= UDP_OFFSET ? Protocol.UDP : Protocol.TCP;
	}

	/** The position of a lease of one protocol. */
	static long positionOf(RecordedLease lease) {
		return lease.protocol() == Protocol.UDP ? UDP_OFFSET + lease.port() : lease.port();
	}

	/** The lease at a position, with its holder. */
	static RecordedLease leaseAt(long position, Holder holder) {
		return new RecordedLease(portOf(position), protocolOf(position), holder);
	}

	/** A position for messages: {@code TCP port 8080}. */
	static String describe(long position) {
		return protocolOf(position) + " port " + portOf(position);
	}
}
