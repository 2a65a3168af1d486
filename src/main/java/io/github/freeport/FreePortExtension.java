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
import java.util.ArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

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
 *
 * <p>Written without lambdas, method references, streams and records used as keys on the way to a first port:
 * each of those is linked the first time it runs, which every fresh test JVM pays for.
 */
final class FreePortExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(FreePortExtension.class);

	/** A class's {@code @FreePort} fields, superclasses' first: looked up once per class, not once per test. */
	private static final ClassValue<DeclaredFields> FIELDS = new ClassValue<>() {

		@Override
		protected DeclaredFields computeValue(Class<?> type) {
			List<Field> fields = ReflectionSupport.findFields(type, ANNOTATED, HierarchyTraversalMode.TOP_DOWN);
			List<Field> staticFields = new ArrayList<>();
			List<Field> instanceFields = new ArrayList<>();
			for (Field field : fields) {
				(Modifier.isStatic(field.getModifiers()) ? staticFields : instanceFields).add(field);
			}
			return new DeclaredFields(List.copyOf(staticFields), List.copyOf(instanceFields));
		}
	};

	private static final Predicate<Field> ANNOTATED = new AnnotatedField();

	/** What a parameter declares, worked out once: building its name for messages and logs takes reflection. */
	private static final Map<Parameter, ParameterDeclaration> PARAMETERS = new ConcurrentHashMap<>();
	private static final int PARAMETERS_KEPT = 4096;

	@Override
	public void beforeAll(ExtensionContext context) {
		checkJUnit();
		ScopeReports.publishThrough(context, NAMESPACE);
		injectFields(context, null, FIELDS.get(context.getRequiredTestClass()).staticFields());
		if (context.getTestInstanceLifecycle().orElse(Lifecycle.PER_METHOD) == Lifecycle.PER_CLASS
				&& context.getTestInstances().isPresent()) {
			for (Object instance : context.getTestInstances().get().getAllInstances()) {
				injectInstanceFields(context, instance);
			}
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		checkJUnit();
		ScopeReports.publishThrough(context, NAMESPACE);
		for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
			injectInstanceFields(context, instance);
		}
	}

	private static void checkJUnit() {
		String tooOld = JUnitFloor.message();
		if (tooOld != null) {
			throw new ExtensionConfigurationException(tooOld);
		}
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
		for (Field field : fields) {
			String element = "field [" + field + "]";
			String scope = Modifier.isStatic(field.getModifiers()) ? "static field" : "instance field";
			InjectedType injected;
			List<PortReservation> reservations;
			try {
				if (Modifier.isFinal(field.getModifiers())) {
					throw new ExtensionConfigurationException("@FreePort " + element + " must not be declared as final.");
				}
				Optional<InjectedType> type = InjectedType.of(field.getGenericType());
				if (type.isEmpty()) {
					throw new ExtensionConfigurationException("Can only resolve @FreePort " + element + " of type "
							+ InjectedType.SUPPORTED + " but was: " + field.getGenericType().getTypeName());
				}
				injected = type.get();
				reservations = reservations(context, annotation(field), element, scope, injected);
			}
			catch (RuntimeException e) {
				FailedAllocationLog.record(context, RunSettings.of(context).configuration(), annotation(field), element,
					scope, e);
				throw e;
			}
			try {
				ReflectionSupport.makeAccessible(field).set(instance,
					injected.convert(reservations, injected.bindsSocket() ? new ClosedAtScopeEnd(context) : null));
			}
			catch (IllegalAccessException | RuntimeException e) {
				throw new ExtensionConfigurationException("Cannot set @FreePort " + element + ": " + e, e);
			}
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.isAnnotated(FreePort.class);
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		String tooOld = JUnitFloor.message();
		if (tooOld != null) {
			throw new ParameterResolutionException(tooOld);
		}
		ParameterDeclaration declaration = PARAMETERS.get(parameterContext.getParameter());
		if (declaration == null) {
			declaration = ParameterDeclaration.of(parameterContext);
			if (PARAMETERS.size() >= PARAMETERS_KEPT) {
				PARAMETERS.clear();
			}
			PARAMETERS.put(parameterContext.getParameter(), declaration);
		}
		String element = declaration.element();
		try {
			Optional<InjectedType> type = declaration.injected();
			if (type.isEmpty()) {
				throw new ParameterResolutionException("Can only resolve @FreePort " + element + " of type "
						+ InjectedType.SUPPORTED + " but was: " + parameterContext.getParameter().getParameterizedType().getTypeName());
			}
			InjectedType injected = type.get();
			return injected.convert(reservations(extensionContext, declaration.annotation(), element, declaration.scope(), injected),
				injected.bindsSocket() ? new ClosedAtScopeEnd(extensionContext) : null);
		}
		catch (RuntimeException e) {
			FailedAllocationLog.record(extensionContext, RunSettings.of(extensionContext).configuration(),
				declaration.annotation(), element, declaration.scope(), e);
			if (e instanceof ExtensionConfigurationException || e instanceof FreePortException) {
				throw new ParameterResolutionException(e.getMessage(), e);
			}
			throw e;
		}
	}

	/** Whether a field is declared {@code @FreePort}. */
	private static final class AnnotatedField implements Predicate<Field> {

		@Override
		public boolean test(Field field) {
			return AnnotationSupport.isAnnotated(field, FreePort.class);
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
		boolean attach = settings.attach();
		Optional<Protocol> needed = injected.requiredProtocol();
		if (needed.isPresent() && annotation.protocol() != needed.get() && annotation.protocol() != Protocol.BOTH) {
			throw new ExtensionConfigurationException("@FreePort(protocol = " + annotation.protocol() + ") on " + element
					+ " cannot be bound as a " + needed.get() + " socket; use protocol = Protocol." + needed.get() + ".");
		}
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
			return stored.reservations;
		}
		String key = "name:" + annotation.name();
		StoredReservation stored = store.getOrComputeIfAbsent(key,
			k -> new StoredReservation(spec.reserve(context, configuration), spec, context, runFolder, attach),
			StoredReservation.class);
		if (!stored.spec.sameRequest(spec)) {
			throw new ExtensionConfigurationException("@FreePort(name = \"" + annotation.name() + "\") on " + element
					+ " asks for " + spec.describe() + ", but the reservation of that name in this scope was made for "
					+ stored.spec.describe() + " (by " + stored.spec.element()
					+ "); declarations that share a name must ask for the same protocol, range, preferred ports and count.");
		}
		return stored.reservations;
	}

	/**
	 * The configuration of one engine run, kept in the root context's store: JUnit's configuration parameters
	 * do not change while it runs, and looking each key up again for every reservation cost more than the lease.
	 */
	private static final class RunSettings {

		/** JUnit's switch for Open Test Reporting, the report that keeps attached files. */
		static final String OPEN_TEST_REPORTING = "junit.platform.reporting.open.xml.enabled";

		private final Configuration configuration;
		private final boolean openTestReporting;
		private volatile Path runFolder;

		private RunSettings(Configuration configuration, boolean openTestReporting) {
			this.configuration = configuration;
			this.openTestReporting = openTestReporting;
		}

		static RunSettings of(ExtensionContext context) {
			ExtensionContext root = context.getRoot();
			return root.getStore(NAMESPACE).getOrComputeIfAbsent(RunSettings.class, new Creator(root), RunSettings.class);
		}

		Configuration configuration() {
			return configuration;
		}

		/**
		 * Whether traces are attached to their tests as files: as {@code freeport.log.attach} says, else when
		 * Open Test Reporting is on, the one report that keeps them (Surefire drops attached files).
		 */
		boolean attach() {
			Optional<Boolean> configured = configuration.logAttach();
			return configured.isPresent() ? configured.get().booleanValue() : openTestReporting;
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

		/** Makes a run's settings from the root context's configuration parameters. */
		private static final class Creator implements Function<Class<RunSettings>, RunSettings> {

			private final ExtensionContext root;

			Creator(ExtensionContext root) {
				this.root = root;
			}

			@Override
			public RunSettings apply(Class<RunSettings> key) {
				Optional<String> reporting = root.getConfigurationParameter(OPEN_TEST_REPORTING);
				return new RunSettings(Configuration.from(new Parameters(root)).memoized(),
					reporting.isPresent() && Boolean.parseBoolean(reporting.get().trim()));
			}
		}

		/** The root context's configuration parameters, by key. */
		private static final class Parameters implements Function<String, Optional<String>> {

			private final ExtensionContext root;

			Parameters(ExtensionContext root) {
				this.root = root;
			}

			@Override
			public Optional<String> apply(String key) {
				return root.getConfigurationParameter(key);
			}
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
			PortRequest request = new PortRequest(configuration).scoped().protocol(annotation.protocol())
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

	/** Hands a socket bound for injection to the store of its scope, which closes it when the scope ends. */
	private static final class ClosedAtScopeEnd implements Consumer<NetworkChannel> {

		private final ExtensionContext context;

		ClosedAtScopeEnd(ExtensionContext context) {
			this.context = context;
		}

		@Override
		public void accept(NetworkChannel channel) {
			ClosingChannel closing = new ClosingChannel(channel);
			context.getStore(NAMESPACE).put(closing, closing);
		}
	}

	/** A socket bound for injection, closed by the store at the end of the scope; a key by identity. */
	@SuppressWarnings("deprecation") // CloseableResource is what JUnit 5.12 closes; later versions close AutoCloseable too
	private static final class ClosingChannel implements ExtensionContext.Store.CloseableResource, AutoCloseable {

		private final NetworkChannel channel;

		ClosingChannel(NetworkChannel channel) {
			this.channel = channel;
		}

		@Override
		public void close() throws IOException {
			channel.close();
		}
	}

	/**
	 * What the store closes at the end of the scope: the reservations, then their allocation events are
	 * published. Its own key in the store, by identity.
	 */
	@SuppressWarnings("deprecation") // CloseableResource is what JUnit 5.12 closes; later versions close AutoCloseable too
	private static final class StoredReservation implements ExtensionContext.Store.CloseableResource, AutoCloseable {

		private final List<PortReservation> reservations;
		private final Spec spec;
		private final ExtensionContext context;
		private final Path runFolder;
		private final boolean attach;

		StoredReservation(List<PortReservation> reservations, Spec spec, ExtensionContext context, Path runFolder,
				boolean attach) {
			this.reservations = reservations;
			this.spec = spec;
			this.context = context;
			this.runFolder = runFolder;
			this.attach = attach;
		}

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
