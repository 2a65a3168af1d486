package io.github.freeport.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import io.github.freeport.FreePortException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar freeport-<version>-cli.jar <command>}: the entry point, which names the commands and
 * maps failures to the exit codes every command documents.
 */
@Command(name = "freeport", mixinStandardHelpOptions = true, versionProvider = FreeportCommand.Version.class,
	description = "Inspect and exercise the freeport port registry of this host and user.",
	subcommands = { StatusCommand.class, WhoCommand.class, OccupyCommand.class, DoctorCommand.class,
		ReportCommand.class, ReplayCommand.class, HelpCommand.class },
	exitCodeListHeading = "%nExit codes:%n", exitCodeList = { FreeportCommand.EXIT_CODES_OK, FreeportCommand.EXIT_CODES_FOUND,
		FreeportCommand.EXIT_CODES_USAGE },
	footerHeading = "%n", footer = "Run 'freeport help <command>' for a command's options.")
public final class FreeportCommand implements Runnable {

	/** Success: the command did what was asked and found nothing wrong. */
	static final int OK = 0;
	/** A finding or a failure: the port is busy, the doctor found a problem, the registry is unusable. */
	static final int FOUND = 1;
	/** A usage error: an unknown command or option, a bad value, or a command this build does not have. */
	static final int USAGE = 2;

	static final String EXIT_CODES_OK = "0:ok";
	static final String EXIT_CODES_FOUND = "1:a finding or failure (port busy, problem found, registry unusable)";
	static final String EXIT_CODES_USAGE = "2:usage error (unknown command or option, bad value)";

	@Spec
	CommandSpec spec;

	public static void main(String[] args) {
		System.exit(commandLine().execute(args));
	}

	/** The command line with freeport's error handling: messages, not stack traces, for freeport's failures. */
	static CommandLine commandLine() {
		CommandLine commandLine = new CommandLine(new FreeportCommand());
		commandLine.setExecutionExceptionHandler((e, failed, parsed) -> {
			if (e instanceof FreePortException) {
				failed.getErr().println("freeport " + failed.getCommandName() + ": " + e.getMessage());
				return FOUND;
			}
			throw e;
		});
		return commandLine;
	}

	@Override
	public void run() {
		throw new ParameterException(spec.commandLine(), "Missing command: expected one of "
				+ String.join(", ", spec.subcommands().keySet()));
	}

	/** The version from the Maven metadata the jar carries. */
	static final class Version implements IVersionProvider {

		@Override
		public String[] getVersion() throws IOException {
			Properties properties = new Properties();
			try (InputStream in = FreeportCommand.class
				.getResourceAsStream("/META-INF/maven/io.github.freeport/freeport/pom.properties")) {
				if (in != null) {
					properties.load(in);
				}
			}
			return new String[] { "freeport " + properties.getProperty("version", "(version unknown: not run from the jar)"),
				"Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "") + ")" };
		}
	}
}
