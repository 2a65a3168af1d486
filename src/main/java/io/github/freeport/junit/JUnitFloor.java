package io.github.freeport.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.net.URL;
import java.security.CodeSource;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import io.github.freeport.FreePortException;
import org.apiguardian.api.API;

/**
 * The oldest JUnit freeport runs on, checked at the first use of its JUnit glue (the extensions and
 * {@code Ports.reserveForTest()}), so that an older JUnit meets one message that says what to do instead of a
 * {@code NoSuchMethodError} from deep inside the extension. Checked by the API it needs, not by version numbers
 * alone: a misaligned class path (a 5.12 API on a 1.11 platform) is caught too. Not API.
 */
@API(status = INTERNAL, since = "0.1")
public final class JUnitFloor {

	/** The oldest supported JUnit Jupiter. */
	public static final String MINIMUM = "5.12";
	static final String MINIMUM_PLATFORM = "1.12";

	private static volatile String failure;
	private static volatile boolean checked;

	private JUnitFloor() {
	}

	/**
	 * Passes when the JUnit on the class path has what freeport uses.
	 *
	 * @throws FreePortException naming the versions found, the minimum and the fix
	 */
	public static void check() {
		String message = message();
		if (message != null) {
			throw new FreePortException(message);
		}
	}

	/** The message of {@link #check()}, or empty when the JUnit on the class path is recent enough; worked out once. */
	public static Optional<String> problem() {
		return Optional.ofNullable(message());
	}

	/**
	 * The message of {@link #check()}, or {@code null} when the JUnit on the class path is recent enough: for
	 * the extensions, which throw it as what JUnit expects of them. Worked out once.
	 */
	public static String message() {
		if (!checked) {
			String missing = missing();
			failure = missing == null ? null : message(missing);
			checked = true;
		}
		return failure;
	}

	/** What of JUnit 5.12 is missing: a class or method that the extensions call, or {@code null}. */
	private static String missing() {
		ClassLoader loader = JUnitFloor.class.getClassLoader();
		try {
			Class<?> reflection = Class.forName("org.junit.platform.commons.support.ReflectionSupport", false, loader);
			reflection.getMethod("makeAccessible", java.lang.reflect.Field.class); // platform 1.12
		}
		catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
			return "org.junit.platform.commons.support.ReflectionSupport.makeAccessible(Field)";
		}
		try {
			// Jupiter 5.12, as extension.MediaType (what publishing a file needs), in the same jar; this one the
			// extension has loaded already, so the check loads nothing on the way to a first port
			Class.forName("org.junit.jupiter.api.extension.TestInstantiationAwareExtension", false, loader);
		}
		catch (ClassNotFoundException | LinkageError e) {
			return "org.junit.jupiter.api.extension.TestInstantiationAwareExtension";
		}
		return null;
	}

	private static String message(String missing) {
		return "freeport needs JUnit " + MINIMUM + " or later (JUnit Jupiter " + MINIMUM + ", JUnit Platform "
				+ MINIMUM_PLATFORM + "), but this test runs on JUnit Jupiter "
				+ version("org.junit.jupiter.api.Test", "Engine-Version-junit-jupiter") + " with JUnit Platform "
				+ version("org.junit.platform.commons.support.ReflectionSupport", null) + " (" + missing + " is missing)."
				+ " Fix: keep every JUnit artifact at one version, " + MINIMUM + ".0 or later, with the BOM: Maven: import"
				+ " org.junit:junit-bom (type pom, scope import) in <dependencyManagement> and give no JUnit artifact a"
				+ " version of its own; Gradle: testImplementation(platform(\"org.junit:junit-bom:5.12.2\")); Spring Boot:"
				+ " set the property junit-jupiter.version to 5.12.2 or later. See docs/compatibility.md.";
	}

	/**
	 * The version of the jar a JUnit class comes from: its {@code Implementation-Version}, or, in the console
	 * launcher's standalone jar, which bundles every JUnit artifact, the manifest attribute naming the engine's.
	 */
	static String version(String className, String standaloneAttribute) {
		try {
			Class<?> type = Class.forName(className, false, JUnitFloor.class.getClassLoader());
			Package pkg = type.getPackage();
			String title = pkg == null ? null : pkg.getImplementationTitle();
			if (standaloneAttribute != null && title != null && title.endsWith("-standalone")) {
				Optional<String> bundled = manifestAttribute(type, standaloneAttribute);
				if (bundled.isPresent()) {
					return bundled.get();
				}
			}
			String version = pkg == null ? null : pkg.getImplementationVersion();
			return version != null ? version : "of unknown version (" + location(type) + ")";
		}
		catch (ClassNotFoundException | LinkageError e) {
			return "(none on the class path)";
		}
	}

	private static Optional<String> manifestAttribute(Class<?> type, String name) {
		CodeSource source = type.getProtectionDomain().getCodeSource();
		URL location = source == null ? null : source.getLocation();
		if (location == null) {
			return Optional.empty();
		}
		try (JarInputStream jar = new JarInputStream(location.openStream())) {
			Manifest manifest = jar.getManifest();
			return Optional.ofNullable(manifest == null ? null : manifest.getMainAttributes().getValue(new Attributes.Name(name)));
		}
		catch (IOException | RuntimeException e) {
			return Optional.empty();
		}
	}

	private static String location(Class<?> type) {
		CodeSource source = type.getProtectionDomain().getCodeSource();
		return source == null || source.getLocation() == null ? "unknown jar" : source.getLocation().toString();
	}
}
