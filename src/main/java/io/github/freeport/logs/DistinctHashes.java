package io.github.freeport.logs;

/**
 * Counts distinct values by a 64-bit hash of each, in an open-addressing table of {@code long}s: 16 bytes
 * or less per distinct value, whatever the values' length, where a set of the values themselves would keep
 * every one. Two strings that share a hash count once; for 100,000 distinct strings the odds that any two
 * do are about 1 in 3,700,000,000. Numbers are mixed by a bijection, so they are counted exactly.
 */
final class DistinctHashes {

	private static final long FNV_BASIS = 0xcbf29ce484222325L;
	private static final long FNV_PRIME = 0x100000001b3L;

	private long[] table = new long[64];
	/** Whether the hash 0, which marks a free slot, was added. */
	private boolean zero;
	private int size;

	/*
	 * A string's hash: FNV-1a over its even and its odd chars apart (two chains of multiplications, not one
	 * twice as long, which a cold JVM's compiled code runs about twice as fast), the two mixed with its length.
	 */

	/** Adds a string; whether it was new. */
	boolean add(String value) {
		long even = FNV_BASIS;
		long odd = FNV_BASIS;
		int length = value.length();
		int i = 0;
		for (; i + 1 < length; i += 2) {
			even = (even ^ value.charAt(i)) * FNV_PRIME;
			odd = (odd ^ value.charAt(i + 1)) * FNV_PRIME;
		}
		if (i < length) {
			even = (even ^ value.charAt(i)) * FNV_PRIME;
		}
		return addHash(mix(even * 31 + odd ^ length));
	}

	/** Adds the string of these ASCII bytes, as {@link #add(String)} adds it; whether it was new. */
	boolean add(byte[] ascii, int from, int to) {
		long even = FNV_BASIS;
		long odd = FNV_BASIS;
		int i = from;
		for (; i + 1 < to; i += 2) {
			even = (even ^ ascii[i]) * FNV_PRIME;
			odd = (odd ^ ascii[i + 1]) * FNV_PRIME;
		}
		if (i < to) {
			even = (even ^ ascii[i]) * FNV_PRIME;
		}
		return addHash(mix(even * 31 + odd ^ (to - from)));
	}

	/** Adds a number; whether it was new. */
	boolean add(long value) {
		return addHash(mix(value));
	}

	/** How many distinct values were added. */
	int size() {
		return size + (zero ? 1 : 0);
	}

	private boolean addHash(long hash) {
		if (hash == 0) {
			boolean added = !zero;
			zero = true;
			return added;
		}
		int mask = table.length - 1;
		int slot = (int) hash & mask;
		while (table[slot] != 0) {
			if (table[slot] == hash) {
				return false;
			}
			slot = (slot + 1) & mask;
		}
		table[slot] = hash;
		if (++size * 2 > table.length) {
			grow();
		}
		return true;
	}

	/** Four times larger while small, so that a run of many tests re-inserts fewer hashes on its way up. */
	private void grow() {
		long[] old = table;
		table = new long[old.length < 1 << 20 ? old.length * 4 : old.length * 2];
		int mask = table.length - 1;
		for (long hash : old) {
			if (hash != 0) {
				int slot = (int) hash & mask;
				while (table[slot] != 0) {
					slot = (slot + 1) & mask;
				}
				table[slot] = hash;
			}
		}
	}

	/** MurmurHash3's 64-bit finaliser: a bijection that spreads every input bit over the output. */
	private static long mix(long value) {
		long h = value;
		h ^= h >>> 33;
		h *= 0xff51afd7ed558ccdL;
		h ^= h >>> 33;
		h *= 0xc4ceb9fe1a85ec53L;
		return h ^ h >>> 33;
	}
}
