package io.github.freeport.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The warnings freeport logs (logger {@code io.github.freeport}, through {@code System.Logger}, which the
 * JDK backs with {@code java.util.logging}) while this is open. Close it in a {@code finally}, or use
 * try-with-resources.
 */
public final class LoggedWarnings implements AutoCloseable {

	private final Logger logger = Logger.getLogger("io.github.freeport");
	private final List<String> messages = new CopyOnWriteArrayList<>();
	private final Handler handler = new Handler() {

		@Override
		public void publish(LogRecord record) {
			if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
				messages.add(String.valueOf(record.getMessage()));
			}
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}
	};

	private LoggedWarnings() {
		logger.addHandler(handler);
	}

	/** Starts listening. */
	public static LoggedWarnings capture() {
		return new LoggedWarnings();
	}

	/** Every warning so far, in order. */
	public List<String> all() {
		return List.copyOf(messages);
	}

	/** The warnings so far that contain {@code text}. */
	public List<String> containing(String text) {
		return messages.stream().filter(message -> message.contains(text)).collect(Collectors.toList());
	}

	@Override
	public void close() {
		logger.removeHandler(handler);
	}
}
