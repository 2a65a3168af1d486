package io.github.freeport.logs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The first rows of a report's table, by the table's order, kept while items are offered in any order: an
 * item stays while it holds one of the first {@code limit} rows (an item may fill several, as an allocation
 * fills a row per refused candidate), so memory is bounded by the limit, not by how many are offered. The
 * kept items sit in a heap with the last of them on top, so an item later than all of them, when they fill
 * the rows, is turned away with one comparison.
 *
 * @param <T> the items
 */
final class FirstRows<T> {

	private final Comparator<? super T> order;
	private final int limit;
	private Object[] heap = new Object[16];
	private int[] heapRows = new int[16];
	private int size;
	/** The rows the kept items fill. */
	private long rows;
	private long offered;
	private long offeredRows;

	FirstRows(Comparator<? super T> order, int limit) {
		this.order = order;
		this.limit = limit;
	}

	/** Offers an item that fills one row. */
	void offer(T item) {
		offer(item, 1);
	}

	/** Offers an item that fills {@code itemRows} rows; one with none is only counted. */
	void offer(T item, int itemRows) {
		offered++;
		offeredRows += itemRows;
		if (itemRows <= 0 || rows >= limit && order.compare(item, top()) >= 0) {
			return;
		}
		if (size == heap.length) {
			heap = Arrays.copyOf(heap, size * 2);
			heapRows = Arrays.copyOf(heapRows, size * 2);
		}
		heap[size] = item;
		heapRows[size] = itemRows;
		up(size++);
		rows += itemRows;
		while (rows - heapRows[0] >= limit) { // the items below the top fill the rows: the top is not needed
			rows -= heapRows[0];
			removeTop();
		}
	}

	/** The last item kept, when the kept items fill the rows: an item after it would be turned away; else null. */
	T last() {
		return rows >= limit ? top() : null;
	}

	/** How many items were offered. */
	long offered() {
		return offered;
	}

	/** How many rows all items offered would fill. */
	long offeredRows() {
		return offeredRows;
	}

	/** The kept items, in order: they fill the first rows (the last item may fill some beyond the limit). */
	List<T> sorted() {
		List<T> items = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			items.add(item(i));
		}
		items.sort(order);
		return items;
	}

	@SuppressWarnings("unchecked")
	private T item(int i) {
		return (T) heap[i];
	}

	private T top() {
		return item(0);
	}

	private void removeTop() {
		size--;
		heap[0] = heap[size];
		heapRows[0] = heapRows[size];
		heap[size] = null;
		down(0);
	}

	private void up(int i) {
		while (i > 0) {
			int parent = (i - 1) / 2;
			if (order.compare(item(i), item(parent)) <= 0) {
				return;
			}
			swap(i, parent);
			i = parent;
		}
	}

	private void down(int i) {
		while (true) {
			int largest = i;
			int left = 2 * i + 1;
			int right = left + 1;
			if (left < size && order.compare(item(left), item(largest)) > 0) {
				largest = left;
			}
			if (right < size && order.compare(item(right), item(largest)) > 0) {
				largest = right;
			}
			if (largest == i) {
				return;
			}
			swap(i, largest);
			i = largest;
		}
	}

	private void swap(int a, int b) {
		Object item = heap[a];
		heap[a] = heap[b];
		heap[b] = item;
		int itemRows = heapRows[a];
		heapRows[a] = heapRows[b];
		heapRows[b] = itemRows;
	}
}
