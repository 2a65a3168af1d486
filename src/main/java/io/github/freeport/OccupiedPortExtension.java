package io.github.freeport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Predicate;

import io.github.freeport.allocation.PortRange;
import io.github.freeport.config.Configuration;
import io.github.freeport.conflicts.PortOccupier;
import io.github.freeport.junit.JUnitFloor;
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
 * The extension behind {@link OccupiedPort}, registered by the annotation itself and package-private beside it.
 *
 * <p>Scopes as for {@code @FreePort}: static fields in {@code beforeAll}, instance fields in
 * {@code beforeAll} under {@code PER_CLASS}, else {@code beforeEach}, over all instances; parameters when
 * resolved. Each occupation is kept in the {@link ExtensionContext.Store} of its scope, which closes it
 * when the scope ends, failed or not.
 */
final class OccupiedPortExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(OccupiedPortExtension.class);
	private static final List<Class<?>> SUPPORTED_TYPES = List.of(int.class, Integer.class, PortOccupation.class,
		InetSocketAddress.class);
	private static final String SUPPORTED = "int, java.lang.Integer, io.github.freeport.PortOccupation or java.net.InetSocketAddress";

	@Override
	public void beforeAll(ExtensionContext context) {
		String tooOld = JUnitFloor.message();
		if (tooOld != null) {
			throw new ExtensionConfigurationException(tooOld);
		}
		injectFields(context, null, context.getRequiredTestClass(), field -> Modifier.isStatic(field.getModifiers()));
		if (context.getTestInstanceLifecycle().orElse(Lifecycle.PER_METHOD) == Lifecycle.PER_CLASS) {
			context.getTestInstances().ifPresent(instances -> instances.getAllInstances()
				.forEach(instance -> injectInstanceFields(context, instance)));
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		String tooOld = JUnitFloor.message();
		if (tooOld != null) {
			throw new ExtensionConfigurationException(tooOld);
		}
		context.getRequiredTestInstances().getAllInstances().forEach(instance -> injectInstanceFields(context, instance));
	}

	@Override
	public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
		return ExtensionContextScope.TEST_METHOD;
	}

	private void injectInstanceFields(ExtensionContext context, Object instance) {
		ExtensionContext.Store store = context.getStore(NAMESPACE);
		FilledInstance filled = new FilledInstance(instance);
		if (store.get(filled) == null) {
			store.put(filled, Boolean.TRUE);
			injectFields(context, instance, instance.getClass(), field -> !Modifier.isStatic(field.getModifiers()));
		}
	}

	private void injectFields(ExtensionContext context, Object instance, Class<?> type, Predicate<Field> predicate) {
		ReflectionSupport.findFields(type, predicate.and(field -> AnnotationSupport.isAnnotated(field, OccupiedPort.class)),
			HierarchyTraversalMode.TOP_DOWN).forEach(field -> {
				String element = "field [" + field + "]";
				if (Modifier.isFinal(field.getModifiers())) {
					throw new ExtensionConfigurationException("@OccupiedPort " + element + " must not be declared as final.");
				}
				checkType(field.getType(), element, ExtensionConfigurationException::new);
				OccupiedPort annotation = AnnotationSupport.findAnnotation(field, OccupiedPort.class).orElseThrow();
				PortOccupation occupation;
				try {
					occupation = occupy(context, annotation, element);
				}
				catch (FreePortException e) {
					throw new ExtensionConfigurationException(e.getMessage(), e);
				}
				try {
					ReflectionSupport.makeAccessible(field).set(instance, convert(occupation, field.getType()));
				}
				catch (IllegalAccessException | RuntimeException e) {
					throw new ExtensionConfigurationException("Cannot set @OccupiedPort " + element + ": " + e, e);
				}
			});
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.isAnnotated(OccupiedPort.class);
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		String tooOld = JUnitFloor.message();
		if (tooOld != null) {
			throw new ParameterResolutionException(tooOld);
		}
		Parameter parameter = parameterContext.getParameter();
		String element = "parameter [" + parameter + "] in "
				+ (parameterContext.getDeclaringExecutable() instanceof java.lang.reflect.Constructor ? "constructor" : "method")
				+ " [" + parameter.getDeclaringExecutable().toGenericString() + "]";
		checkType(parameter.getType(), element, ParameterResolutionException::new);
		OccupiedPort annotation = parameterContext.findAnnotation(OccupiedPort.class).orElseThrow();
		try {
			return convert(occupy(extensionContext, annotation, element), parameter.getType());
		}
		catch (ExtensionConfigurationException | FreePortException e) {
			throw new ParameterResolutionException(e.getMessage(), e);
		}
	}

	private static <E extends RuntimeException> void checkType(Class<?> type, String element,
			java.util.function.Function<String, E> error) {
		if (!SUPPORTED_TYPES.contains(type)) {
			throw error.apply("Can only resolve @OccupiedPort " + element + " of type " + SUPPORTED + " but was: "
					+ type.getName());
		}
	}

	private static PortOccupation occupy(ExtensionContext context, OccupiedPort annotation, String element) {
		if (annotation.port() < 0 || annotation.port() > 65535) {
			throw new ExtensionConfigurationException("Invalid @OccupiedPort(port = " + annotation.port() + ") on "
					+ element + ": expected 1-65535, or 0 (the default) for a free port.");
		}
		PortRange range = null;
		if (!annotation.range().isEmpty()) {
			try {
				range = PortRange.parse(annotation.range());
			}
			catch (IllegalArgumentException e) {
				throw new ExtensionConfigurationException("Invalid @OccupiedPort(range = \"" + annotation.range() + "\") on "
						+ element + ": expected " + PortRange.ALLOWED + ", or empty for the configured default.");
			}
		}
		Configuration configuration = Configuration.from(context::getConfigurationParameter);
		PortOccupation occupation = PortOccupier.occupy(configuration, annotation.value(), annotation.port(), range,
			context.getUniqueId());
		StoredOccupation stored = new StoredOccupation(occupation);
		context.getStore(NAMESPACE).put(stored, stored);
		return occupation;
	}

	private static Object convert(PortOccupation occupation, Class<?> type) {
		if (type == PortOccupation.class) {
			return occupation;
		}
		if (type == InetSocketAddress.class) {
			return occupation.address();
		}
		return occupation.port();
	}

	/** What the store closes at the end of the scope. */
	@SuppressWarnings("deprecation") // CloseableResource is what older JUnit versions close; later ones close AutoCloseable too
	private record StoredOccupation(PortOccupation occupation)
			implements ExtensionContext.Store.CloseableResource, AutoCloseable {

		@Override
		public void close() {
			occupation.close();
		}
	}
}
