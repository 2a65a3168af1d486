package io.github.freeport.registry;

import java.nio.channels.FileLock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;

/**
 * This JVM's table of the positions it holds or is taking, by {@linkplain LockFileLayout position}. One JVM
 * cannot hold two overlapping locks ({@code OverlappingFileLockException}), so threads of the JVM are kept
 * apart here before any lock is tried: whoever puts a position in the table first may lock it.
 *
 * <p>The table is an array per block of 256 positions, made when a position of the block is first taken:
 * every lease and release looks a position up here, and an array slot is found without boxing or hashing.
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

	private final AtomicReferenceArray<AtomicReferenceArray<Entry>> chunks = new AtomicReferenceArray<>(
		(int) (LockFileLayout.POSITIONS / CHUNK));
	private final AtomicInteger size = new AtomicInteger();

	/** Puts the entry in the table unless the position is in it; the entry already there, else {@code null}. */
	Entry putIfAbsent(long position, Entry entry) {
		AtomicReferenceArray<Entry> chunk = chunk(position, true);
		int slot = (int) (position % CHUNK);
		while (true) {
			if (chunk.compareAndSet(slot, null, entry)) {
				size.incrementAndGet();
				return null;
			}
			Entry there = chunk.get(slot);
			if (there != null) {
				return there;
			}
		}
	}

	Entry get(long position) {
		AtomicReferenceArray<Entry> chunk = chunk(position, false);
		return chunk == null ? null : chunk.get((int) (position % CHUNK));
	}

	/** Takes the entry out of the table, if it is still the one there. */
	void remove(long position, Entry entry) {
		AtomicReferenceArray<Entry> chunk = chunk(position, false);
		if (chunk != null && chunk.compareAndSet((int) (position % CHUNK), entry, null)) {
			size.decrementAndGet();
		}
	}

	private AtomicReferenceArray<Entry> chunk(long position, boolean make) {
		int index = (int) (position / CHUNK);
		AtomicReferenceArray<Entry> chunk = chunks.get(index);
		if (chunk == null && make) {
			chunks.compareAndSet(index, null, new AtomicReferenceArray<>(CHUNK));
			chunk = chunks.get(index);
		}
		return chunk;
	}

	int size() {
		return size.get();
	}

	/** The entries of one block of ports, TCP and UDP: a snapshot. */
	List<Map.Entry<Long, Entry>> inBlock(int block) {
		List<Map.Entry<Long, Entry>> entries = new ArrayList<>();
		collect(block, entries);
		collect((int) (LockFileLayout.UDP_OFFSET / CHUNK) + block, entries);
		return entries;
	}

	private void collect(int index, List<Map.Entry<Long, Entry>> into) {
		AtomicReferenceArray<Entry> chunk = chunks.get(index);
		if (chunk == null) {
			return;
		}
		for (int slot = 0; slot < CHUNK; slot++) {
			Entry entry = chunk.get(slot);
			if (entry != null) {
				into.add(Map.entry((long) index * CHUNK + slot, entry));
			}
		}
	}

	/** Every entry, by position: a snapshot as it goes. */
	void forEach(BiConsumer<Long, Entry> action) {
		List<Map.Entry<Long, Entry>> entries = new ArrayList<>();
		for (int index = 0; index < chunks.length(); index++) {
			collect(index, entries);
		}
		for (Map.Entry<Long, Entry> entry : entries) {
			action.accept(entry.getKey(), entry.getValue());
		}
	}
}
