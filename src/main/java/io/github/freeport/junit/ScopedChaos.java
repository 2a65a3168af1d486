package io.github.freeport.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.github.freeport.Protocol;
import io.github.freeport.config.Configuration;
import io.github.freeport.config.KeyTable;
import io.github.freeport.conflicts.Chaos;
import io.github.freeport.conflicts.Chaos.ChaosOccupation;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * {@link Chaos} in JUnit scopes: an occupation closed with the scope of the declaration it met, and the
 * notes {@link ChaosFailureNote} adds to a failure. Not API.
 */
@API(status = INTERNAL, since = "0.1")
public final class ScopedChaos {

	private static final Namespace NAMESPACE = Namespace.create(ScopedChaos.class);

	private ScopedChaos() {
	}

	/**
	 * Under configured chaos, occupies the first preferred port for the scope of {@code context} (closed with
	 * it) and remembers the note for {@link ChaosFailureNote}. Call it just before the declaration's port is
	 * reserved.
	 */
	public static void occupyFirstPreferred(ExtensionContext context, Configuration configuration, String element,
			Protocol protocol, int[] preferred) {
		if (configuration.value(KeyTable.CHAOS_PROBABILITY) == 0) {
			return; // chaos off, as it mostly is: nothing of it loaded
		}
		Chaos chaos = Chaos.from(configuration);
		chaos.maybeOccupy(configuration, context.getUniqueId(), element, protocol, preferred).ifPresent(occupied -> {
			StoredOccupation stored = new StoredOccupation(occupied);
			context.getStore(NAMESPACE).put(stored, stored);
			notes(context).add(occupied.note());
			context.publishReportEntry("freeport.chaos", occupied.note());
		});
	}

	/** The chaos notes recorded for exactly this context (not its parents). */
	@SuppressWarnings("unchecked")
	private static List<String> notes(ExtensionContext context) {
		return context.getStore(NAMESPACE).getOrComputeIfAbsent(new NotesKey(context.getUniqueId()),
			key -> Collections.synchronizedList(new ArrayList<String>()), List.class);
	}

	/** The chaos notes recorded for exactly this context, without creating any. */
	@SuppressWarnings("unchecked")
	static List<String> recordedNotes(ExtensionContext context) {
		List<String> notes = context.getStore(NAMESPACE).get(new NotesKey(context.getUniqueId()), List.class);
		return notes != null ? notes : List.of();
	}

	private record NotesKey(String uniqueId) {
	}

	/** What the store closes at the end of the scope. */
	@SuppressWarnings("deprecation") // CloseableResource is what older JUnit versions close; later ones close AutoCloseable too
	private record StoredOccupation(ChaosOccupation occupied) implements ExtensionContext.Store.CloseableResource, AutoCloseable {

		@Override
		public void close() {
			occupied.close();
		}
	}
}
