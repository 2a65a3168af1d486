package io.github.freeport.registry;

import java.nio.channels.FileLock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * This JVM's table of the positions it holds or is taking, by {@linkplain LockFileLayout position}. One JVM
 * cannot hold two overlapping locks ({@code OverlappingFileLockException}), so threads of the JVM are kept
 * apart here before any lock is tried: whoever puts a position in the table first may lock it.
 *
 * <p>The table is an array per block of 256 positions, made when a position of the block is first taken:
 * every lease and release looks a position up here, and an array slot is found without boxing or hashing.
 * Plain arrays under the table's monitor, not atomic arrays: a young JVM runs each atomic array access as a
 * chain of method-handle calls in the interpreter, and an uncontended monitor costs less than one of them.
 *
 * <p>The locks live here, not in the {@link Lease}s, so that they can be moved when a lock file is replaced.
 */
final class HeldPositions {

	/** One position of the table: who holds it and its lock, {@code null} while being taken or when lost. */
	static final class Entry {

		final Holder holder;
		volatile FileLock lock;

		Entry(Holder holder) {
			this.holder = holder;
		}
	}

	private static final int CHUNK = LockFileLayout.PORTS_PER_FILE;

	private final Entry[][] chunks = new Entry[(int) (LockFileLayout.POSITIONS / CHUNK)][];
	private int size;

	/** Puts the entry in the table unless the position is in it; the entry already there, else {@code null}. */
	synchronized Entry putIfAbsent(long position, Entry entry) {
		int index = (int) (position / CHUNK);
		Entry[] chunk = chunks[index];
		if (chunk == null) {
			chunk = new Entry[CHUNK];
			chunks[index] = chunk;
		}
		int slot = (int) (position % CHUNK);
		Entry there = chunk[slot];
		if (there != null) {
			return there;
		}
		chunk[slot] = entry;
		size++;
		return null;
	}

	synchronized Entry get(long position) {
		Entry[] chunk = chunks[(int) (position / CHUNK)];
		return chunk == null ? null : chunk[(int) (position % CHUNK)];
	}

	/** Takes the entry out of the table, if it is still the one there. */
	synchronized void remove(long position, Entry entry) {
		Entry[] chunk = chunks[(int) (position / CHUNK)];
		int slot = (int) (position % CHUNK);
		if (chunk != null && chunk[slot] == entry) {
			chunk[slot] = null;
			size--;
		}
	}

	synchronized int size() {
		return size;
	}

	/** The entries of one block of ports, TCP and UDP: a snapshot. */
	synchronized List<Map.Entry<Long, Entry>> inBlock(int block) {
		List<Map.Entry<Long, Entry>> entries = new ArrayList<>();
		collect(block, entries);
		collect((int) (LockFileLayout.UDP_OFFSET / CHUNK) + block, entries);
		return entries;
	}

	private void collect(int index, List<Map.Entry<Long, Entry>> into) {
		Entry[] chunk = chunks[index];
		if (chunk == null) {
			return;
		}
		for (int slot = 0; slot < CHUNK; slot++) {
			Entry entry = chunk[slot];
			if (entry != null) {
				into.add(Map.entry((long) index * CHUNK + slot, entry));
			}
		}
	}

	/** Every entry, by position: a snapshot, then the action on each, outside the table's monitor. */
	void forEach(BiConsumer<Long, Entry> action) {
		List<Map.Entry<Long, Entry>> entries = new ArrayList<>();
		synchronized (this) {
			for (int index = 0; index < chunks.length; index++) {
				collect(index, entries);
			}
		}
		for (Map.Entry<Long, Entry> entry : entries) {
			action.accept(entry.getKey(), entry.getValue());
		}
	}
}
