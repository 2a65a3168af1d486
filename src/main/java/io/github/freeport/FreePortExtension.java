package io.github.freeport;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.channels.NetworkChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.github.freeport.allocation.PortRange;
import io.github.freeport.config.Configuration;
import io.github.freeport.junit.EventPublisher;
import io.github.freeport.junit.JUnitFloor;
import io.github.freeport.junit.ScopeReports;
import io.github.freeport.junit.ScopedChaos;
import io.github.freeport.logs.EventLog;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The extension behind {@link FreePort}, registered by the annotation itself and package-private beside it
 * (as junit-pioneer keeps its extensions): users meet only the annotation.
 *
 * <p>Static fields are filled in {@code beforeAll}; instance fields in {@code beforeAll} under
 * {@code PER_CLASS}, else in {@code beforeEach}, over all instances ({@code @Nested} enclosing ones too);
 * parameters when resolved. Each reservation is kept in the {@link ExtensionContext.Store} of the scope it
 * serves, which closes it when the scope ends, failed or not.
 */
final class FreePortExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(FreePortExtension.class);

	/** A class's {@code @FreePort} fields, superclasses' first: looked up once per class, not once per test. */
	private static final ClassValue<DeclaredFields> FIELDS = new ClassValue<>() {

		@Override
		protected DeclaredFields computeValue(Class<?> type) {
			List<Field> fields = ReflectionSupport.findFields(type, field -> AnnotationSupport.isAnnotated(field, FreePort.class),
				HierarchyTraversalMode.TOP_DOWN);
			return new DeclaredFields(fields.stream().filter(field -> Modifier.isStatic(field.getModifiers())).collect(Collectors.toList()),
				fields.stream().filter(field -> !Modifier.isStatic(field.getModifiers())).collect(Collectors.toList()));
		}
	};

	/** What a parameter declares, worked out once: building its name for messages and logs takes reflection. */
	private static final Map<Parameter, ParameterDeclaration> PARAMETERS = new ConcurrentHashMap<>();
	private static final int PARAMETERS_KEPT = 4096;

	@Override
	public void beforeAll(ExtensionContext context) {
		JUnitFloor.check(ExtensionConfigurationException::new);
		ScopeReports.publishThrough(context, NAMESPACE);
		injectFields(context, null, FIELDS.get(context.getRequiredTestClass()).staticFields());
		if (context.getTestInstanceLifecycle().orElse(Lifecycle.PER_METHOD) == Lifecycle.PER_CLASS) {
			context.getTestInstances().ifPresent(instances -> instances.getAllInstances()
				.forEach(instance -> injectInstanceFields(context, instance)));
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		JUnitFloor.check(ExtensionConfigurationException::new);
		ScopeReports.publishThrough(context, NAMESPACE);
		context.getRequiredTestInstances().getAllInstances().forEach(instance -> injectInstanceFields(context, instance));
	}

	@Override
	public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
		// constructor parameters live as long as the instance: one test method unless PER_CLASS
		return ExtensionContextScope.TEST_METHOD;
	}

	private void injectInstanceFields(ExtensionContext context, Object instance) {
		List<Field> fields = FIELDS.get(instance.getClass()).instanceFields();
		if (fields.isEmpty()) {
			return; // the usual case, a port as a parameter: nothing to fill, nothing to remember
		}
		ExtensionContext.Store store = context.getStore(NAMESPACE);
		// an instance filled by an outer scope (a PER_CLASS enclosing instance) is found in a parent store
		if (store.get(new FilledInstance(instance)) == null) {
			store.put(new FilledInstance(instance), Boolean.TRUE);
			injectFields(context, instance, fields);
		}
	}

	private void injectFields(ExtensionContext context, Object instance, List<Field> fields) {
		fields.forEach(field -> {
				String element = "field [" + field + "]";
				if (Modifier.isFinal(field.getModifiers())) {
					throw new ExtensionConfigurationException(
						"@FreePort " + element + " must not be declared as final.");
				}
				InjectedType injected = InjectedType.of(field.getGenericType())
					.orElseThrow(() -> new ExtensionConfigurationException("Can only resolve @FreePort " + element + " of type "
							+ InjectedType.SUPPORTED + " but was: " + field.getGenericType().getTypeName()));
				String scope = Modifier.isStatic(field.getModifiers()) ? "static field" : "instance field";
				List<PortReservation> reservations = reservations(context, annotation(field), element, scope, injected);
				try {
					ReflectionSupport.makeAccessible(field).set(instance,
						injected.convert(reservations, channel -> closeAtScopeEnd(context, channel)));
				}
				catch (IllegalAccessException | RuntimeException e) {
					throw new ExtensionConfigurationException("Cannot set @FreePort " + element + ": " + e, e);
				}
			});
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.isAnnotated(FreePort.class);
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		JUnitFloor.check(ParameterResolutionException::new);
		ParameterDeclaration declaration = PARAMETERS.get(parameterContext.getParameter());
		if (declaration == null) {
			declaration = ParameterDeclaration.of(parameterContext);
			if (PARAMETERS.size() >= PARAMETERS_KEPT) {
				PARAMETERS.clear();
			}
			PARAMETERS.put(parameterContext.getParameter(), declaration);
		}
		String element = declaration.element();
		InjectedType injected = declaration.injected()
			.orElseThrow(() -> new ParameterResolutionException("Can only resolve @FreePort " + element + " of type "
					+ InjectedType.SUPPORTED + " but was: " + parameterContext.getParameter().getParameterizedType().getTypeName()));
		try {
			return injected.convert(reservations(extensionContext, declaration.annotation(), element, declaration.scope(), injected),
				channel -> closeAtScopeEnd(extensionContext, channel));
		}
		catch (ExtensionConfigurationException | FreePortException e) {
			throw new ParameterResolutionException(e.getMessage(), e);
		}
	}

	/** A class's {@code @FreePort} fields: static ones, then instance ones, each superclasses' first. */
	private record DeclaredFields(List<Field> staticFields, List<Field> instanceFields) {
	}

	/** A {@code @FreePort} parameter: its annotation, its name in messages and logs, its scope and type. */
	private record ParameterDeclaration(FreePort annotation, String element, String scope, Optional<InjectedType> injected) {

		static ParameterDeclaration of(ParameterContext parameterContext) {
			Parameter parameter = parameterContext.getParameter();
			String kind = executableKind(parameterContext);
			String element = "parameter [" + parameter + "] in " + kind + " ["
					+ parameter.getDeclaringExecutable().toGenericString() + "]";
			return new ParameterDeclaration(parameterContext.findAnnotation(FreePort.class).orElseThrow(), element,
				kind.equals("constructor") ? "constructor" : "parameter", InjectedType.of(parameter.getParameterizedType()));
		}
	}

	private static String executableKind(ParameterContext parameterContext) {
		return parameterContext.getDeclaringExecutable() instanceof java.lang.reflect.Constructor ? "constructor" : "method";
	}

	private static FreePort annotation(AnnotatedElement element) {
		return AnnotationSupport.findAnnotation(element, FreePort.class).orElseThrow();
	}

	private static List<PortReservation> reservations(ExtensionContext context, FreePort annotation, String element,
			String scope, InjectedType injected) {
		RunSettings settings = RunSettings.of(context);
		Configuration configuration = settings.configuration();
		Spec spec = Spec.of(annotation, element, scope, configuration);
		Path runFolder = settings.runFolder();
		boolean attach = configuration.logAttach();
		injected.requiredProtocol().filter(needed -> annotation.protocol() != needed && annotation.protocol() != Protocol.BOTH)
			.ifPresent(needed -> {
				throw new ExtensionConfigurationException("@FreePort(protocol = " + annotation.protocol() + ") on " + element
						+ " cannot be bound as a " + needed + " socket; use protocol = Protocol." + needed + ".");
			});
		if (annotation.count() > 1 && !injected.multiple()) {
			throw new ExtensionConfigurationException("@FreePort(count = " + annotation.count() + ") on " + element
					+ " needs a type that holds several ports: int[], java.util.List<java.lang.Integer> or"
					+ " java.util.List<io.github.freeport.PortReservation>.");
		}
		ExtensionContext.Store store = context.getStore(NAMESPACE);
		if (annotation.name().isEmpty()) {
			StoredReservation stored = new StoredReservation(spec.reserve(context, configuration), spec, context, runFolder,
				attach);
			store.put(stored, stored);
			return stored.reservations();
		}
		String key = "name:" + annotation.name();
		StoredReservation stored = store.getOrComputeIfAbsent(key,
			k -> new StoredReservation(spec.reserve(context, configuration), spec, context, runFolder, attach),
			StoredReservation.class);
		if (!stored.spec().sameRequest(spec)) {
			throw new ExtensionConfigurationException("@FreePort(name = \"" + annotation.name() + "\") on " + element
					+ " asks for " + spec.describe() + ", but the reservation of that name in this scope was made for "
					+ stored.spec().describe() + " (by " + stored.spec().element()
					+ "); declarations that share a name must ask for the same protocol, range, preferred ports and count.");
		}
		return stored.reservations();
	}

	/**
	 * The configuration of one engine run, kept in the root context's store: JUnit's configuration parameters
	 * do not change while it runs, and looking each key up again for every reservation cost more than the lease.
	 */
	private static final class RunSettings {

		private final Configuration configuration;
		private volatile Path runFolder;

		private RunSettings(Configuration configuration) {
			this.configuration = configuration;
		}

		static RunSettings of(ExtensionContext context) {
			ExtensionContext root = context.getRoot();
			return root.getStore(NAMESPACE).getOrComputeIfAbsent(RunSettings.class,
				key -> new RunSettings(Configuration.from(root::getConfigurationParameter).memoized()), RunSettings.class);
		}

		Configuration configuration() {
			return configuration;
		}

		/** The run folder; an invalid log folder or run id throws, naming the key, every time it is asked for. */
		Path runFolder() {
			Path folder = runFolder;
			if (folder == null) {
				folder = EventLog.runFolder(configuration);
				runFolder = folder;
			}
			return folder;
		}
	}

	/** The resolved attributes of one declaration. */
	private record Spec(FreePort annotation, String element, String scope, PortRange range, int[] preferred) {

		static Spec of(FreePort annotation, String element, String scope, Configuration configuration) {
			PortRange range;
			if (annotation.range().isEmpty()) {
				range = configuration.range();
			}
			else {
				try {
					range = PortRange.parse(annotation.range());
				}
				catch (IllegalArgumentException e) {
					throw new ExtensionConfigurationException("Invalid @FreePort(range = \"" + annotation.range() + "\") on "
							+ element + ": expected " + PortRange.ALLOWED + ", or empty for the configured default.");
				}
			}
			for (int port : annotation.preferred()) {
				if (port < 1 || port > 65535) {
					throw new ExtensionConfigurationException("Invalid @FreePort(preferred = "
							+ Arrays.toString(annotation.preferred()) + ") on " + element + ": port " + port
							+ " is outside 1-65535.");
				}
			}
			if (annotation.count() < 1) {
				throw new ExtensionConfigurationException("Invalid @FreePort(count = " + annotation.count() + ") on " + element
						+ ": expected 1 or more.");
			}
			return new Spec(annotation, element, scope, range, annotation.preferred());
		}

		List<PortReservation> reserve(ExtensionContext context, Configuration configuration) {
			ScopedChaos.occupyFirstPreferred(context, configuration, element, annotation.protocol(), preferred);
			PortRequest request = new PortRequest(configuration).protocol(annotation.protocol())
				.range(range.from(), range.to()).preferred(preferred).owner(context.getUniqueId());
			try {
				if (!annotation.strategy().isEmpty()) {
					request.strategy(annotation.strategy());
				}
				if (!annotation.address().isEmpty()) {
					request.probeAddress(annotation.address());
				}
			}
			catch (IllegalArgumentException e) {
				throw new ExtensionConfigurationException(e.getMessage() + " (in @FreePort on " + element + ")", e);
			}
			if (annotation.hold()) {
				request.hold();
			}
			if (annotation.contiguous()) {
				return request.reserveBlock(annotation.count());
			}
			return annotation.count() == 1 ? List.of(request.reserve()) : request.reserve(annotation.count());
		}

		boolean sameRequest(Spec other) {
			return annotation.protocol() == other.annotation.protocol() && range.equals(other.range)
					&& Arrays.equals(preferred, other.preferred) && annotation.count() == other.annotation.count()
					&& annotation.contiguous() == other.annotation.contiguous() && annotation.hold() == other.annotation.hold();
		}

		String describe() {
			return annotation.protocol() + " in " + range + (preferred.length == 0 ? "" : " preferring " + Arrays.toString(preferred))
					+ (annotation.count() == 1 ? "" : ", " + annotation.count() + (annotation.contiguous() ? " contiguous" : "") + " ports");
		}
	}

	private static void closeAtScopeEnd(ExtensionContext context, NetworkChannel channel) {
		ClosingChannel closing = new ClosingChannel(channel);
		context.getStore(NAMESPACE).put(closing, closing);
	}

	/** A socket bound for injection, closed by the store at the end of the scope. */
	@SuppressWarnings("deprecation") // CloseableResource is what JUnit 5.12 closes; later versions close AutoCloseable too
	private record ClosingChannel(NetworkChannel channel) implements ExtensionContext.Store.CloseableResource, AutoCloseable {

		@Override
		public void close() throws IOException {
			channel.close();
		}
	}

	/** What the store closes at the end of the scope: the reservations, then their allocation events are published. */
	@SuppressWarnings("deprecation") // CloseableResource is what JUnit 5.12 closes; later versions close AutoCloseable too
	private record StoredReservation(List<PortReservation> reservations, Spec spec, ExtensionContext context, Path runFolder,
			boolean attach) implements ExtensionContext.Store.CloseableResource, AutoCloseable {

		@Override
		public void close() {
			for (PortReservation reservation : reservations) {
				boolean open = !reservation.isReleased();
				reservation.close();
				if (open) {
					EventPublisher.publish(context, runFolder, spec.scope(), spec.element(), reservation, attach);
				}
			}
		}
	}
}
