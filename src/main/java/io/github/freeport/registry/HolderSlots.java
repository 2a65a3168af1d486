package io.github.freeport.registry;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Holder metadata: one fixed-size slot per lock position, in a file of its own beside the lock file.
 *
 * <p>A slot is written in place, all of it in one write, when its lock is taken, and then names the
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

	/**
	 * The slot as last written, in which a lease of the same owner and fork changes only the time and the
	 * checksum. Filled by hand, not with a buffer's puts: in a young JVM, whose code runs interpreted or
	 * C1-compiled, each put of a buffer is a chain of calls.
	 */
	private static final class SlotImage {

		final byte[] image = new byte[SLOT_SIZE];
		final CRC32 crc = new CRC32();
		long pid = -1;
		String owner;
		String fork;

		/** Makes the image a leased slot of this holder, at {@code sinceMillis}, with its checksum. */
		void fill(long holderPid, String holderFork, String holderOwner, long sinceMillis) {
			if (holderPid != pid || !holderFork.equals(fork)) {
				putInt(image, 0, MAGIC);
				putInt(image, 4, LEASED);
				putLong(image, 8, holderPid);
				putLong(image, 24, 0);
				Arrays.fill(image, 32, OWNER_OFFSET, (byte) 0);
				putBytes(image, 32, holderFork.getBytes(StandardCharsets.UTF_8), FORK_MAX, false);
				pid = holderPid;
				fork = holderFork;
			}
			if (!holderOwner.equals(owner)) {
				Arrays.fill(image, OWNER_OFFSET, CRC_OFFSET, (byte) 0);
				putBytes(image, OWNER_OFFSET, holderOwner.getBytes(StandardCharsets.UTF_8), OWNER_MAX, true);
				owner = holderOwner;
			}
			// written out, not with putLong and putInt: this runs on every lease, in a young JVM interpreted
			for (int i = 0; i < 8; i++) {
				image[16 + i] = (byte) (sinceMillis >>> (56 - 8 * i));
			}
			crc.reset();
			crc.update(image, 0, CRC_OFFSET); // the bytes between the fields too, whatever they hold
			int checksum = (int) crc.getValue();
			image[CRC_OFFSET] = (byte) (checksum >>> 24);
			image[CRC_OFFSET + 1] = (byte) (checksum >>> 16);
			image[CRC_OFFSET + 2] = (byte) (checksum >>> 8);
			image[CRC_OFFSET + 3] = (byte) checksum;
		}

		private static void putInt(byte[] into, int at, int value) {
			into[at] = (byte) (value >>> 24);
			into[at + 1] = (byte) (value >>> 16);
			into[at + 2] = (byte) (value >>> 8);
			into[at + 3] = (byte) value;
		}

		private static void putLong(byte[] into, int at, long value) {
			putInt(into, at, (int) (value >>> 32));
			putInt(into, at + 4, (int) value);
		}

		/** A length (two bytes) and the bytes, at most {@code max} of them: the head, or with {@code keepTail} the tail. */
		private static void putBytes(byte[] into, int at, byte[] bytes, int max, boolean keepTail) {
			int length = Math.min(bytes.length, max);
			into[at] = (byte) (length >>> 8);
			into[at + 1] = (byte) length;
			System.arraycopy(bytes, keepTail ? bytes.length - length : 0, into, at + 2, length);
		}
	}

	private final FileChannel channel; // null when the file could not be opened: metadata is then unknown
	/**
	 * What writes the slots: the same file, written with a seek and a write under its lock. Two system calls,
	 * but a file channel's positional write runs several times the Java code around its one, which in a young
	 * JVM costs more than the call it saves.
	 */
	private final RandomAccessFile writer;
	private final SlotImage image = new SlotImage();
	private final Path file;
	private volatile boolean writeFailureLogged;

	private HolderSlots(RandomAccessFile writer, Path file) {
		this.writer = writer;
		this.channel = writer == null ? null : writer.getChannel();
		this.file = file;
	}

	static HolderSlots open(Path file) {
		RandomAccessFile writer = null;
		try {
			// created, if it is missing, without following a symbolic link; then opened for good
			FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS).close();
			writer = new RandomAccessFile(file.toFile(), "rw");
			if (Files.isSymbolicLink(file)) {
				throw new IOException("a symbolic link appeared in its place");
			}
			return new HolderSlots(writer, file);
		}
		catch (IOException | RuntimeException e) {
			closeQuietly(writer);
			RegistryLog.warning("holder metadata unavailable (" + file + ": " + e
					+ "); leases still work, holders will read as unknown");
			return new HolderSlots(null, file);
		}
	}

	/** Writes the holder of a lease just taken: call while holding the position's lock. */
	void writeLeased(long position, long pid, String fork, String owner, long sinceMillis) {
		if (writer == null) {
			return;
		}
		try {
			synchronized (image) {
				image.fill(pid, fork, owner, sinceMillis);
				writer.seek(position * SLOT_SIZE);
				writer.write(image.image, 0, SLOT_SIZE);
			}
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
			long since = buffer.getLong(16);
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
		closeQuietly(writer);
	}

	private static void closeQuietly(RandomAccessFile file) {
		if (file != null) {
			try {
				file.close(); // its channel with it
			}
			catch (IOException ignored) {
				// nothing left to save
			}
		}
	}
}
