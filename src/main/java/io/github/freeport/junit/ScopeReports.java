package io.github.freeport.junit;

import java.nio.file.Path;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Where freeport's extension runs on a test or class, the {@code reserveForTest()} reservations of that scope
 * are published through its {@link ExtensionContext} (report entries and the attached trace, as for
 * {@code @FreePort}) and released when its store closes, after {@code @AfterEach}/{@code @AfterAll}: a
 * {@code TestExecutionListener} cannot publish report entries. Without the extension, {@link ScopeListener}
 * ends the scope a moment later and the events go to the JSON Lines file and the run report only. Not API.
 */
@API(status = INTERNAL, since = "0.1")
public final class ScopeReports {

	private ScopeReports() {
	}

	/**
	 * Publishes the calling thread's scope through the context when the context is that scope's. The scope is
	 * ended with the context's store once it takes its first reservation: most tests that run freeport's
	 * extension take none, and a store entry per test costs them more than it saves.
	 */
	public static void publishThrough(ExtensionContext context, Namespace namespace) {
		TestScope scope = TestScopes.runningOrNull(context.getUniqueId());
		if (scope == null) {
			return;
		}
		scope.publishWith(new ThroughContext(context, namespace));
	}

	/**
	 * Publishes a scope's releases as freeport's extension does (report entries, the attached file, JSON Lines),
	 * and ends the scope when JUnit closes the store of its context, where it is put (a key by identity) once the
	 * scope takes a reservation. One class for both, and the configuration read only when something is
	 * published: every test of a class with {@code @FreePort} makes one, most never publish through it.
	 */
	@SuppressWarnings("deprecation") // CloseableResource is what JUnit 5.12 closes; later versions close AutoCloseable too
	private static final class ThroughContext implements ReservationPublisher, ExtensionContext.Store.CloseableResource,
			AutoCloseable {

		private final ExtensionContext context;
		private final Namespace namespace;
		/** The scope whose end waits in the context's store, once it took a reservation; guarded by this. */
		private TestScope adopted;

		ThroughContext(ExtensionContext context, Namespace namespace) {
			this.context = context;
			this.namespace = namespace;
		}

		@Override
		public void adopted(TestScope scope) {
			synchronized (this) {
				if (adopted != null) {
					return;
				}
				adopted = scope;
			}
			try {
				context.getStore(namespace).put(this, this);
			}
			catch (RuntimeException e) {
				// the store is closing (a thread of the test reserved late): the listener ends the scope instead
			}
		}

		@Override
		public void publish(Path runFolder, TestScope ended, ScopedReservation reservation) {
			boolean attach = ended.run() != null && ended.run().attach();
			EventPublisher.publish(context, runFolder, ended.uniqueId(), ended.kind(), reservation.element(), reservation,
				attach);
		}

		@Override
		public void close() {
			TestScope scope;
			synchronized (this) {
				scope = adopted;
			}
			if (scope != null) {
				scope.end();
			}
		}
	}
}
