package io.github.freeport.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import javax.tools.ToolProvider;

import io.github.freeport.testsupport.OutputLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main jar as users get it, on the module path: it is the automatic module {@code io.github.freeport}
 * (its manifest's {@code Automatic-Module-Name}), and a test module that requires it runs {@code @FreePort}
 * and {@code Ports} under JUnit in a JVM of its own. (The class path is what every other test uses.)
 */
class ModulePathIT {

	private static final long TIMEOUT_SECONDS = 120;

	@TempDir
	Path temp;

	@Test
	void theJarIsTheAutomaticModuleIoGithubFreeport() throws IOException {
		Set<ModuleReference> modules = ModuleFinder.of(mainJar()).findAll();

		assertThat(modules).hasSize(1);
		ModuleDescriptor module = modules.iterator().next().descriptor();
		assertThat(module.name()).isEqualTo("io.github.freeport");
		assertThat(module.isAutomatic()).as("no module-info: the same jar on the class path and the module path").isTrue();
		assertThat(module.packages()).allSatisfy(name -> assertThat(name).startsWith("io.github.freeport"));
		try (JarFile jar = new JarFile(mainJar().toFile())) {
			assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).isEqualTo("io.github.freeport");
			assertThat(jar.getEntry("META-INF/LICENSE")).as("the license travels with the jar").isNotNull();
		}
	}

	@Test
	void aTestModuleThatRequiresItRunsFreePortUnderJUnit() throws IOException, InterruptedException {
		Path sources = writeTestModule(temp.resolve("src/demo"));
		Path classes = temp.resolve("classes/demo");
		String modulePath = modulePath();
		List<Path> files;
		try (var walk = Files.walk(sources)) {
			files = walk.filter(file -> file.toString().endsWith(".java")).collect(Collectors.toList());
		}
		List<String> javac = new ArrayList<>(List.of("-d", classes.toString(), "--module-path", modulePath));
		files.forEach(file -> javac.add(file.toString()));
		assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, javac.toArray(String[]::new)))
			.as("javac %s", javac).isZero();

		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dfreeport.registry.dir=" + System.getProperty("freeport.registry.dir"),
				"--module-path", modulePath + File.pathSeparator + classes, "-m", "demo/demo.Main");
		ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile()).redirectErrorStream(true);
		builder.environment().keySet().removeIf(name -> name.startsWith("FREEPORT_"));
		Process process = builder.start();
		try {
			OutputLines output = OutputLines.of(process, "module path JVM " + process.pid());
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				fail("The module path JVM did not exit within %d s: %s", TIMEOUT_SECONDS, output.all());
			}
			assertThat(process.exitValue()).as("%s\n%s", command, String.join("\n", output.all())).isZero();
			assertThat(output.all()).as("%s", output.all()).contains("demo: io.github.freeport, 2 tests successful");
		}
		finally {
			process.destroyForcibly();
			process.waitFor(30, TimeUnit.SECONDS);
		}
	}

	/** The jar the build made; the failsafe execution names it in {@code test.main.jar}. */
	private static Path mainJar() {
		String jar = System.getProperty("test.main.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			fail("No main jar at test.main.jar=%s: these tests run in 'mvn verify', after 'package' builds it", jar);
		}
		return Path.of(jar);
	}

	/** freeport's jar and the JUnit modules this test runs with (each found by one of its classes). */
	private static String modulePath() {
		List<String> path = new ArrayList<>(List.of(mainJar().toString()));
		for (String type : List.of("org.junit.jupiter.api.Test", "org.junit.jupiter.engine.JupiterTestEngine",
				"org.junit.platform.commons.JUnitException", "org.junit.platform.engine.TestEngine",
				"org.junit.platform.launcher.core.LauncherFactory", "org.opentest4j.AssertionFailedError",
				"org.apiguardian.api.API", "org.jspecify.annotations.Nullable")) {
			try {
				path.add(Path.of(Class.forName(type).getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
			}
			catch (ClassNotFoundException e) {
				// org.jspecify: JUnit 6 only
			}
			catch (URISyntaxException e) {
				throw new IllegalStateException(e);
			}
		}
		return String.join(File.pathSeparator, path);
	}

	private static Path writeTestModule(Path root) throws IOException {
		Files.createDirectories(root.resolve("demo"));
		Files.writeString(root.resolve("module-info.java"), """
				open module demo {
					requires io.github.freeport;
					requires org.junit.jupiter.api;
					requires org.junit.platform.launcher;
				}
				""");
		Files.writeString(root.resolve("demo/ModulePathTest.java"), """
				package demo;

				import static org.junit.jupiter.api.Assertions.assertEquals;

				import java.net.ServerSocket;

				import io.github.freeport.FreePort;
				import io.github.freeport.PortReservation;
				import io.github.freeport.Ports;
				import org.junit.jupiter.api.Test;

				class ModulePathTest {

					@Test
					void injectsAFreePort(@FreePort int port) throws Exception {
						try (ServerSocket server = new ServerSocket(port)) {
							assertEquals(port, server.getLocalPort());
						}
					}

					@Test
					void reservesWithoutJUnit() throws Exception {
						try (PortReservation reservation = Ports.reserve(); ServerSocket server = new ServerSocket(reservation.port())) {
							assertEquals(reservation.port(), server.getLocalPort());
						}
					}
				}
				""");
		Files.writeString(root.resolve("demo/Main.java"), """
				package demo;

				import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
				import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

				import java.io.PrintWriter;

				import org.junit.platform.launcher.core.LauncherFactory;
				import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
				import org.junit.platform.launcher.listeners.TestExecutionSummary;

				public class Main {
					public static void main(String[] args) {
						SummaryGeneratingListener listener = new SummaryGeneratingListener();
						LauncherFactory.create().execute(request().selectors(selectClass(ModulePathTest.class)).build(), listener);
						TestExecutionSummary summary = listener.getSummary();
						summary.printFailuresTo(new PrintWriter(System.out, true), 20);
						System.out.println("demo: " + io.github.freeport.FreePort.class.getModule().getName() + ", "
								+ summary.getTestsSucceededCount() + " tests successful");
						System.exit(summary.getTotalFailureCount() == 0 ? 0 : 1);
					}
				}
				""");
		return root;
	}
}
