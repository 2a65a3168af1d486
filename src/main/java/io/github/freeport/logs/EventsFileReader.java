package io.github.freeport.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import io.github.freeport.json.JsonMembers;

/**
 * Reads {@code events-<pid>.jsonl} files line by line, in file order, and hands each line on by its kind:
 * no more than a buffer of the file is held, whatever its length. A line is read where it lies in the
 * buffer ({@link JsonMembers}); a line that is no valid JSON, or misses a field, is handed on as a problem
 * naming the file and the line, with the message the JSON reader gives. One reader reads one file at a
 * time, reusing its buffer.
 */
final class EventsFileReader {

	/** What a reader of a run's lines does with each. */
	interface Lines {

		/** An allocation event: valid until the next line is read ({@link AllocationLine#event()} to keep it). */
		void allocation(AllocationLine line);

		void failure(FailedAllocation failure);

		void notice(LeaseNotice notice);

		/** A line that could not be read: {@code events-4242.jsonl line 7: Invalid JSON at character 0: ...}. */
		void problem(String problem);
	}

	private final JsonMembers members = new JsonMembers();
	private final AllocationLine allocation = new AllocationLine();
	private byte[] buffer = new byte[64 * 1024];
	/** The file being read, its lines' handler, and the number of the last line read. */
	private String name;
	private Lines lines;
	private int lineNumber;

	/**
	 * Reads a file as far as it was written when it was opened.
	 *
	 * @param complete whether the file is finished; if not, the piece after its last line break is a line
	 * still being written (or cut short by a kill) and is skipped silently
	 * @throws IOException when the file cannot be read; the lines before were handed on
	 */
	void read(Path file, boolean complete, Lines lines) throws IOException {
		name = file.getFileName().toString();
		this.lines = lines;
		lineNumber = 0;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long left = channel.size(); // a fork appending meanwhile: its later lines are for the next report
			int filled = 0;
			while (true) {
				if (filled == buffer.length) {
					buffer = Arrays.copyOf(buffer, buffer.length * 2); // a line longer than the buffer
				}
				int read = left <= 0 ? -1
						: channel.read(ByteBuffer.wrap(buffer, filled, (int) Math.min(buffer.length - filled, left)));
				if (read < 0) {
					if (filled > 0 && complete) {
						line(++lineNumber, 0, filled);
					}
					return;
				}
				left -= read;
				int end = filled + read;
				int start = 0;
				// a line a call, not a loop here: this method runs once a file, which a JVM compiles late
				for (int next = nextLine(0, end); next >= 0; next = nextLine(next, end)) {
					start = next;
				}
				filled = end - start;
				System.arraycopy(buffer, start, buffer, 0, filled);
			}
		}
		finally {
			this.lines = null;
		}
	}

	/**
	 * Hands on the line from {@code start} if its line break is before {@code end}.
	 *
	 * @return where the next line starts, or -1 when the line is not all in the buffer yet
	 */
	private int nextLine(int start, int end) {
		if (start >= end) {
			return -1;
		}
		int lineEnd = members.readLine(buffer, start, end);
		if (lineEnd >= 0) {
			handle(++lineNumber);
		}
		else {
			lineEnd = lineBreak(start, end);
			if (lineEnd < 0) {
				return -1;
			}
			line(++lineNumber, start, lineEnd);
		}
		return lineEnd + 1;
	}

	private int lineBreak(int from, int to) {
		for (int i = from; i < to; i++) {
			if (buffer[i] == '\n') {
				return i;
			}
		}
		return -1;
	}

	/** A line that {@link JsonMembers#readLine} did not take: blank, or no valid object. */
	private void line(int number, int from, int to) {
		if (blank(from, to)) {
			return;
		}
		if (members.read(buffer, from, to)) {
			handle(number);
			return;
		}
		String text = members.text();
		if (text.isBlank()) {
			return;
		}
		String refusal = members.refusal();
		// valid JSON but no object: the fields' reader says so, as it always did
		lines.problem(name + " line " + number + ": " + (refusal != null ? refusal : notAnObject(text)));
	}

	/** The line that {@link #members} holds, by its kind. */
	private void handle(int number) {
		if (allocation.readWritten(members)) {
			lines.allocation(allocation);
			return;
		}
		try {
			JsonFields fields = JsonFields.of(members, "allocation event");
			String kind = fields.kind();
			if (kind.equals(JsonFields.ALLOCATION)) {
				allocation.read(members, fields);
				lines.allocation(allocation);
			}
			else if (kind.equals(FailedAllocation.KIND)) {
				lines.failure(FailedAllocation.fromJson(fields));
			}
			else {
				lines.notice(LeaseNotice.fromJson(fields));
			}
		}
		catch (IllegalArgumentException e) {
			lines.problem(name + " line " + number + ": " + e.getMessage());
		}
	}

	/** The message for a line of valid JSON that is no object, as the fields' reader words it. */
	private static String notAnObject(String text) {
		try {
			JsonFields.of(text, "allocation event");
			return "Invalid allocation event: cannot be read: " + JsonFields.shorten(text); // not reached: the readers agree
		}
		catch (IllegalArgumentException e) {
			return e.getMessage();
		}
	}

	/** Whether the bytes are all white space as {@link String#isBlank()} sees it in ASCII. */
	private boolean blank(int from, int to) {
		for (int i = from; i < to; i++) {
			byte b = buffer[i];
			if (b != ' ' && (b < 9 || b > 13) && (b < 28 || b > 31)) {
				return false;
			}
		}
		return true;
	}
}
