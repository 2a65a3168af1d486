package io.github.freeport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.github.freeport.FreePortException;
import io.github.freeport.allocation.BindProbe;
import io.github.freeport.allocation.EphemeralRange;
import io.github.freeport.allocation.PortRange;
import io.github.freeport.config.Configuration;
import io.github.freeport.config.Configuration.Setting;
import io.github.freeport.config.Keys;
import io.github.freeport.registry.FileLockRegistry;
import io.github.freeport.registry.RegistryFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code freeport doctor}: checks what freeport relies on here, and says how to fix what is wrong. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
	description = { "Check what freeport relies on, and say how to fix what is wrong.", "On this host: OS and Java, the OS ephemeral range (and Windows'"
			+ " excluded ranges), the usable allocation range, the registry folder's safety, whether file locks work"
			+ " there, IPv6, and the effective configuration with where each value comes from." },
	exitCodeListHeading = "%nExit codes:%n", exitCodeList = { "0:no problem found (warnings may be printed)",
		"1:a problem was found; each FAIL line says how to fix it", FreeportCommand.EXIT_CODES_USAGE })
final class DoctorCommand implements Callable<Integer> {

	@Mixin
	RegistryOptions registry;

	@Spec
	CommandSpec spec;

	private final List<String> lines = new ArrayList<>();
	private int failures;

	@Override
	public Integer call() {
		ok("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
		ok("Java", Runtime.version() + " (" + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home"));
		EphemeralRange ephemeral = EphemeralRange.detect();
		checkEphemeral(ephemeral);
		Configuration configuration = registry.configuration();
		checkConfiguration(configuration, ephemeral);
		checkRegistry(configuration);
		ok("IPv6", BindProbe.hasIpv6() ? "available: probes bind IPv6 as well as IPv4" : "not available: probes bind IPv4 only");
		PrintWriter out = spec.commandLine().getOut();
		lines.forEach(out::println);
		out.println(failures == 0 ? "No problem found." : StatusCommand.plural(failures, "problem") + " found.");
		out.flush();
		return failures == 0 ? FreeportCommand.OK : FreeportCommand.FOUND;
	}

	private void checkEphemeral(EphemeralRange ephemeral) {
		List<String> ranges = new ArrayList<>();
		for (PortRange range : ephemeral.ranges()) {
			ranges.add(range.toString());
		}
		String detail = String.join(", ", ranges) + " (from " + ephemeral.source() + ")";
		if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("windows") && ranges.size() > 1) {
			detail = "dynamic " + ranges.get(0) + "; excluded " + String.join(", ", ranges.subList(1, ranges.size()))
					+ " (from " + ephemeral.source() + ")";
		}
		if (ephemeral.source().startsWith("IANA default") || ephemeral.source().contains(" failed: ")) {
			warn("Ephemeral range", detail + "; freeport assumes the IANA range, which may not be this host's");
		}
		else {
			ok("Ephemeral range", detail);
		}
	}

	private void checkConfiguration(Configuration configuration, EphemeralRange ephemeral) {
		List<Setting> effective;
		try {
			configuration.validate();
			effective = registry.effective();
		}
		catch (FreePortException e) {
			fail("Configuration", e.getMessage(), "correct the value named above (system property or environment variable)");
			return;
		}
		PortRange range = configuration.range();
		int usable = range.minus(ephemeral.ranges()).stream().mapToInt(PortRange::size).sum();
		if (usable == 0) {
			fail("Allocation range", range + " lies wholly inside the ephemeral range: no port is left to hand out",
				"set " + Keys.RANGE + " to ports outside " + ephemeral.ranges());
		}
		else {
			ok("Allocation range", range + " less the ephemeral range: " + usable + " ports");
		}
		ok("Configuration", "valid; effective values:");
		for (Setting setting : effective) {
			lines.add("       " + setting.key() + "=" + setting.value() + "  (" + setting.source() + ")");
		}
	}

	private void checkRegistry(Configuration configuration) {
		Setting folder = registry.registryDir();
		RegistryFolder checked;
		try {
			checked = RegistryFolder.prepare(configuration.registryPath(), folder.source());
		}
		catch (FreePortException e) {
			fail("Registry folder", e.getMessage(), "see above");
			return;
		}
		ok("Registry folder", checked.path() + " (" + folder.source() + "): exists, owned by this user, not writable by others");
		try {
			FileLockRegistry opened = registry.open();
			String type = fileSystemType(opened.folder().path());
			if (opened.lockingWarning().isPresent()) {
				fail("File locks", opened.lockingWarning().get(), "set " + Keys.REGISTRY_DIR + " to a folder on a local disk");
			}
			else {
				ok("File locks", "work in the registry folder (file system " + type + ")");
			}
		}
		catch (FreePortException e) {
			fail("File locks", e.getMessage(), "set " + Keys.REGISTRY_DIR + " to a folder on a local disk");
		}
	}

	private static String fileSystemType(Path folder) {
		try {
			return Files.getFileStore(folder).type();
		}
		catch (IOException e) {
			return "unknown";
		}
	}

	private void ok(String what, String detail) {
		lines.add("[ok]   " + what + ": " + detail);
	}

	private void warn(String what, String detail) {
		lines.add("[warn] " + what + ": " + detail);
	}

	private void fail(String what, String problem, String fix) {
		failures++;
		lines.add("[FAIL] " + what + ": " + problem);
		lines.add("       fix: " + fix);
	}
}
