package io.github.freeport.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Adds what chaos did, and how to rerun with the same seed, to the failure of a test that met chaos: as
 * a suppressed exception, so the failure's type and message stay as they were. Not API.
 */
@API(status = INTERNAL, since = "0.1")
public final class ChaosFailureNote implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw annotate(context, throwable);
	}

	@Override
	public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw annotate(context, throwable);
	}

	@Override
	public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw annotate(context, throwable);
	}

	@Override
	public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw annotate(context, throwable);
	}

	@Override
	public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw annotate(context, throwable);
	}

	static Throwable annotate(ExtensionContext context, Throwable throwable) {
		List<String> notes = new ArrayList<>();
		for (Optional<ExtensionContext> at = Optional.of(context); at.isPresent(); at = at.get().getParent()) {
			List<String> here = ScopedChaos.recordedNotes(at.get());
			synchronized (here) {
				notes.addAll(0, here);
			}
		}
		if (!notes.isEmpty()) {
			throwable.addSuppressed(ChaosNote.of(String.join("\n", notes)));
		}
		return throwable;
	}

	/** The note itself: a message, no stack trace. */
	static final class ChaosNote extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ChaosNote(String message) {
			super(message, null, false, false);
		}

		/**
		 * A note, as a {@code Throwable}: made through this method, the note's class is loaded when a note is
		 * made, not when the extension that may add one is (with the first {@code @FreePort} of a JVM).
		 */
		static Throwable of(String message) {
			return new ChaosNote(message);
		}
	}
}
