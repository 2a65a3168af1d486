package io.github.freeport.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.net.BindException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.freeport.FreePortException;
import io.github.freeport.Protocol;
import io.github.freeport.allocators.Allocators;
import io.github.freeport.config.Configuration;
import io.github.freeport.diagnostics.PortHolders;
import io.github.freeport.registry.FileLockRegistry;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Explains a {@link BindException}: when a test or one of its lifecycle methods fails with one anywhere in
 * its cause chain, this extension adds a {@linkplain Throwable#addSuppressed suppressed}
 * {@link BindFailureExplanation} that says who holds the ports in question (see
 * {@link io.github.freeport.diagnostics.PortHolders}), and rethrows the original failure unchanged.
 *
 * <p>The ports in question are those freeport reserved for the failing test's scope (its method, its
 * instance, its class and enclosing classes) and those the failure's messages name, such as
 * {@code 0.0.0.0:8080} or {@code Port 8080 was already in use}. A plain {@code Address already in use}
 * from a server started on a fixed port names none: then the explanation says so.
 *
 * <p>{@link io.github.freeport.FreePort @FreePort} registers this extension. Tests that do not use it can
 * register it themselves:
 *
 * <pre>{@code
 * @ExtendWith(BindFailureExtension.class)
 * class ServerTests { ... }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class BindFailureExtension implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

	private static final int MAX_PORTS = 10;

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw explained(context, throwable);
	}

	@Override
	public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw explained(context, throwable);
	}

	@Override
	public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw explained(context, throwable);
	}

	@Override
	public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw explained(context, throwable);
	}

	@Override
	public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw explained(context, throwable);
	}

	/** The same throwable, with an explanation added when a {@link BindException} caused it. */
	private static Throwable explained(ExtensionContext context, Throwable throwable) {
		List<Throwable> chain = causeChain(throwable);
		if (chain.stream().noneMatch(BindException.class::isInstance) || isExplained(throwable)) {
			return throwable;
		}
		try {
			throwable.addSuppressed(BindFailureExplanation.of(explanation(context, chain)));
		}
		catch (RuntimeException | LinkageError e) {
			throwable.addSuppressed(BindFailureExplanation.of("freeport could not tell who holds the port: " + e));
		}
		return throwable;
	}

	private static String explanation(ExtensionContext context, List<Throwable> chain) {
		Configuration configuration = Configuration.from(context::getConfigurationParameter);
		Map<Integer, List<String>> ports = new LinkedHashMap<>();
		String registryProblem = "";
		try {
			FileLockRegistry registry = Allocators.forConfiguration(configuration).registry();
			String scope = context.getUniqueId();
			registry.heldInThisJvm().stream()
				.filter(held -> isInScope(held.holder().owner(), scope))
				.forEach(held -> reason(ports, held.port(), "reserved by freeport for this test"));
		}
		catch (FreePortException e) {
			registryProblem = "\n(the ports freeport reserved are unknown: " + e.getMessage() + ")";
		}
		for (Throwable link : chain) {
			for (int port : PortsInMessages.in(link.getMessage())) {
				reason(ports, port, "named in " + link.getClass().getSimpleName() + "'s message");
			}
		}
		StringBuilder text = new StringBuilder("Who holds the port? (freeport diagnostics)");
		if (ports.isEmpty()) {
			text.append("\nNo port is known: freeport reserved none for this test and the exception messages name none."
					+ " Call io.github.freeport.diagnostics.PortHolders.of(port, protocol) with the port the code"
					+ " under test tried to bind.");
		}
		ports.entrySet().stream().limit(MAX_PORTS).forEach(entry -> {
			PortHolders holders = PortHolders.of(entry.getKey(), Protocol.BOTH, configuration);
			text.append('\n').append(holders.describe().replaceFirst(":", " (" + String.join(", ", entry.getValue()) + "):"));
		});
		if (ports.size() > MAX_PORTS) {
			text.append("\n... and ").append(ports.size() - MAX_PORTS).append(" more ports: ")
				.append(ports.keySet().stream().skip(MAX_PORTS).toList());
		}
		return text.append(registryProblem).toString();
	}

	/** Whether a lease's owner is the test's scope or one of its enclosing scopes (unique id prefixes). */
	static boolean isInScope(String owner, String scope) {
		return scope.equals(owner) || scope.startsWith(owner + "/");
	}

	private static void reason(Map<Integer, List<String>> ports, int port, String reason) {
		List<String> reasons = ports.computeIfAbsent(port, k -> new ArrayList<>());
		if (!reasons.contains(reason)) {
			reasons.add(reason);
		}
	}

	private static boolean isExplained(Throwable throwable) {
		for (Throwable suppressed : throwable.getSuppressed()) {
			if (suppressed instanceof BindFailureExplanation) {
				return true;
			}
		}
		return false;
	}

	private static List<Throwable> causeChain(Throwable throwable) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		List<Throwable> chain = new ArrayList<>();
		for (Throwable link = throwable; link != null && seen.add(link); link = link.getCause()) {
			chain.add(link);
		}
		return chain;
	}
}
