package io.github.freeport.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Holder metadata: one fixed-size slot per lock position, in a file of its own beside the lock file.
 *
 * <p>A slot is written in place, with one positional write, when its lock is taken, and then names the
 * last holder until the next lease: it describes a live lease only while its lock is held. Slots marked
 * released were written by earlier versions, which wrote a second time on release. A torn or foreign
 * write garbles only its own slot, which then fails its checksum and reads as unknown. Nothing here can
 * make an allocation fail: errors are swallowed and the slot reads as unknown.
 *
 * <p>Layout (big-endian): magic, state, pid, since, released-at, fork (length + UTF-8), owner (length +
 * UTF-8, the tail kept when too long), CRC-32 of all before it.
 */
final class HolderSlots implements AutoCloseable {

	static final int SLOT_SIZE = 256;
	private static final int MAGIC = 0x46505254; // "FPRT"
	private static final int LEASED = 1;
	/** Written by earlier versions when a lease was released. */
	private static final int RELEASED = 2;
	private static final int FORK_MAX = 32;
	private static final int OWNER_OFFSET = 32 + 2 + FORK_MAX;
	private static final int CRC_OFFSET = SLOT_SIZE - 4;
	private static final int OWNER_MAX = CRC_OFFSET - OWNER_OFFSET - 2;

	private static final ThreadLocal<SlotWriter> WRITER = new ThreadLocal<>();

	/**
	 * One thread's means to write slots: a direct buffer (the channel writes it as it is, no copy), a
	 * checksum, and the bytes of the last owner and fork written, which a thread leasing in a loop repeats.
	 */
	private static final class SlotWriter {

		final ByteBuffer buffer = ByteBuffer.allocateDirect(SLOT_SIZE);
		final CRC32 crc = new CRC32();
		String owner = "";
		byte[] ownerBytes = new byte[0];
		String fork = "";
		byte[] forkBytes = new byte[0];

		byte[] ownerBytes(String value) {
			if (!value.equals(owner)) {
				owner = value;
				ownerBytes = value.getBytes(StandardCharsets.UTF_8);
			}
			return ownerBytes;
		}

		byte[] forkBytes(String value) {
			if (!value.equals(fork)) {
				fork = value;
				forkBytes = value.getBytes(StandardCharsets.UTF_8);
			}
			return forkBytes;
		}
	}

	private final FileChannel channel; // null when the file could not be opened: metadata is then unknown
	private final Path file;
	private volatile boolean writeFailureLogged;

	private HolderSlots(FileChannel channel, Path file) {
		this.channel = channel;
		this.file = file;
	}

	static HolderSlots open(Path file) {
		try {
			return new HolderSlots(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), file);
		}
		catch (IOException | RuntimeException e) {
			RegistryLog.warning("holder metadata unavailable (" + file + ": " + e
					+ "); leases still work, holders will read as unknown");
			return new HolderSlots(null, file);
		}
	}

	/** Writes the holder of a lease just taken: call while holding the position's lock. */
	void writeLeased(long position, long pid, String fork, String owner, Instant since) {
		if (channel == null) {
			return;
		}
		SlotWriter writer = WRITER.get();
		if (writer == null) {
			writer = new SlotWriter();
			WRITER.set(writer);
		}
		ByteBuffer buffer = writer.buffer;
		buffer.clear();
		buffer.putInt(MAGIC).putInt(LEASED).putLong(pid).putLong(since.toEpochMilli()).putLong(0);
		putBytes(buffer, writer.forkBytes(fork), FORK_MAX, false);
		buffer.position(OWNER_OFFSET);
		putBytes(buffer, writer.ownerBytes(owner), OWNER_MAX, true);
		buffer.position(CRC_OFFSET); // the checksum covers the bytes between the fields too, whatever they hold
		writer.crc.reset();
		writer.crc.update(buffer.flip());
		buffer.limit(SLOT_SIZE).putInt(CRC_OFFSET, (int) writer.crc.getValue());
		buffer.position(0);
		try {
			channel.write(buffer, position * SLOT_SIZE);
		}
		catch (IOException | RuntimeException e) {
			// diagnostics only: the lease stands without its metadata; said once, not on every lease
			if (!writeFailureLogged) {
				writeFailureLogged = true;
				RegistryLog.warning("cannot write holder metadata to " + file + " (" + e
						+ "); leases still work, but other processes will see their holders as unknown");
			}
		}
	}

	/** The slot's content, or empty when it was never written, is torn, or cannot be read. */
	Optional<Holder> read(long position) {
		if (channel == null) {
			return Optional.empty();
		}
		ByteBuffer buffer = ByteBuffer.allocate(SLOT_SIZE);
		try {
			while (buffer.hasRemaining()) {
				if (channel.read(buffer, position * SLOT_SIZE + buffer.position()) < 0) {
					return Optional.empty();
				}
			}
			return decode(buffer);
		}
		catch (IOException | RuntimeException e) {
			return Optional.empty();
		}
	}

	/**
	 * Every readable slot up to {@code positions}, by position, read in large chunks: never-written, torn
	 * and foreign slots are left out. Empty when the file cannot be read.
	 */
	SortedMap<Long, Holder> readAll(long positions) {
		SortedMap<Long, Holder> slots = new TreeMap<>();
		if (channel == null) {
			return slots;
		}
		ByteBuffer chunk = ByteBuffer.allocate(SLOT_SIZE * 256);
		try {
			long end = Math.min(positions, channel.size() / SLOT_SIZE);
			for (long first = 0; first < end; first += 256) {
				chunk.clear();
				long offset = first * SLOT_SIZE;
				while (chunk.hasRemaining() && channel.read(chunk, offset + chunk.position()) >= 0) {
					// a short read at the end of the file leaves the rest of the chunk unread
				}
				int whole = chunk.position() / SLOT_SIZE;
				for (int i = 0; i < whole && first + i < end; i++) {
					ByteBuffer slot = ByteBuffer.wrap(chunk.array(), i * SLOT_SIZE, SLOT_SIZE).slice();
					Optional<Holder> holder = decode(slot);
					if (holder.isPresent()) {
						slots.put(first + i, holder.get());
					}
				}
			}
		}
		catch (IOException | RuntimeException e) {
			// diagnostics only: what was read so far stands
		}
		return slots;
	}

	private static Optional<Holder> decode(ByteBuffer buffer) {
		try {
			CRC32 crc = new CRC32();
			crc.update(buffer.array(), buffer.arrayOffset(), CRC_OFFSET);
			if (buffer.getInt(0) != MAGIC || buffer.getInt(CRC_OFFSET) != (int) crc.getValue()) {
				return Optional.empty();
			}
			int state = buffer.getInt(4);
			long pid = buffer.getLong(8);
			Instant since = Instant.ofEpochMilli(buffer.getLong(16));
			long released = buffer.getLong(24);
			buffer.position(32);
			String fork = getString(buffer, FORK_MAX);
			buffer.position(OWNER_OFFSET);
			String owner = getString(buffer, OWNER_MAX);
			return Optional.of(new Holder(pid, fork, owner, since,
				state == RELEASED ? Instant.ofEpochMilli(released) : null));
		}
		catch (RuntimeException e) {
			return Optional.empty();
		}
	}

	private static void putBytes(ByteBuffer buffer, byte[] bytes, int max, boolean keepTail) {
		int length = Math.min(bytes.length, max);
		int from = keepTail ? bytes.length - length : 0;
		buffer.putShort((short) length).put(bytes, from, length);
	}

	private static String getString(ByteBuffer buffer, int max) {
		int length = buffer.getShort();
		if (length < 0 || length > max) {
			throw new IllegalStateException("corrupt length " + length);
		}
		byte[] bytes = new byte[length];
		buffer.get(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ignored) {
				// nothing left to save
			}
		}
	}
}
