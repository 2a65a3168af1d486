package io.github.freeport.registry;

import java.nio.channels.FileLock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;

/**
 * This JVM's table of the positions it holds or is taking, by {@linkplain LockFileLayout position}. One JVM
 * cannot hold two overlapping locks ({@code OverlappingFileLockException}), so threads of the JVM are kept
 * apart here before any lock is tried: whoever puts a position in the table first may lock it.
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

	private final ConcurrentMap<Long, Entry> entries = new ConcurrentHashMap<>();

	/** Puts the entry in the table unless the position is in it; the entry already there, else {@code null}. */
	Entry putIfAbsent(long position, Entry entry) {
		return entries.putIfAbsent(position, entry);
	}

	Entry get(long position) {
		return entries.get(position);
	}

	/** Takes the entry out of the table, if it is still the one there. */
	void remove(long position, Entry entry) {
		entries.remove(position, entry);
	}

	int size() {
		return entries.size();
	}

	/** The entries of one block of ports: a snapshot. */
	List<Map.Entry<Long, Entry>> inBlock(int block) {
		return entries.entrySet().stream().filter(held -> LockFileLayout.blockOf(held.getKey()) == block).toList();
	}

	void forEach(BiConsumer<Long, Entry> action) {
		entries.forEach(action);
	}
}
