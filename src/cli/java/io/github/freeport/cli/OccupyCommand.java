package io.github.freeport.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.freeport.FreePortException;
import io.github.freeport.PortOccupation;
import io.github.freeport.config.Configuration;
import io.github.freeport.conflicts.PortOccupier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code freeport occupy <port>...}: keeps ports busy, as {@code PortConflicts.occupy} does in a test, to
 * reproduce a conflict by hand; every port is leased in the registry too.
 */
@Command(name = "occupy", mixinStandardHelpOptions = true,
	description = { "Keep ports busy, to reproduce a conflict by hand.", "As @OccupiedPort and PortConflicts do in tests."
			+ " Each port is also leased in the registry. Holds until the --for duration ends, Ctrl-C, or end of"
			+ " standard input (unless --ignore-stdin), then releases everything.",
		"Port 0 picks a free port from the configured range." },
	exitCodeListHeading = "%nExit codes:%n", exitCodeList = { "0:held for the duration (or until stopped), then released",
		"1:a port could not be occupied (it is leased or bound by someone else); nothing is held",
		FreeportCommand.EXIT_CODES_USAGE, "130:stopped by Ctrl-C (SIGINT); everything released" })
final class OccupyCommand implements Callable<Integer> {

	@Mixin
	RegistryOptions registry;

	@Parameters(arity = "1..*", paramLabel = "PORT", description = "The ports, 1-65535; 0 for a free port.")
	List<Integer> ports;

	@Option(names = "--mode", paramLabel = "MODE", defaultValue = "listen", converter = OccupyMode.Converter.class,
		completionCandidates = OccupyMode.Names.class,
		description = { "How to keep the ports busy: ${COMPLETION-CANDIDATES}; default listen.",
			"listen: a TCP socket listens (and accepts) in this process; bind: TCP bound, not listening (connects are"
					+ " refused); udp: a UDP socket is bound; other-process: a separate small JVM listens;"
					+ " leased: only the registry lease, no socket." })
	OccupyMode mode;

	@Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
		description = "How long to hold, e.g. 30s, 5m, 1h (default: until Ctrl-C or end of input).")
	Duration duration;

	@Option(names = "--ignore-stdin", description = "Do not stop at the end of standard input (for use in the background,"
			+ " with input from /dev/null).")
	boolean ignoreStdin;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() throws InterruptedException {
		for (int port : ports) {
			if (port < 0 || port > 65535) {
				throw new ParameterException(spec.commandLine(), "Invalid port " + port + ": expected 1-65535, or 0 for a free port");
			}
		}
		if (duration == null && ignoreStdin) {
			throw new ParameterException(spec.commandLine(),
				"--ignore-stdin needs --for: without a duration, only Ctrl-C would stop the hold");
		}
		PrintWriter out = spec.commandLine().getOut();
		Configuration configuration = registry.configuration();
		String owner = "freeport occupy (CLI pid " + ProcessHandle.current().pid() + ")";
		List<PortOccupation> held = new ArrayList<>();
		Thread release = new Thread(() -> releaseAll(held, out, "interrupted"), "freeport occupy release");
		Runtime.getRuntime().addShutdownHook(release);
		try {
			for (int port : ports) {
				PortOccupation occupation = PortOccupier.occupy(configuration, mode.occupation, port, owner);
				synchronized (held) {
					held.add(occupation);
				}
				out.println("occupied " + occupation.port() + "/" + occupation.protocol() + ": " + describe(occupation));
			}
		}
		catch (FreePortException e) {
			releaseAll(held, out, "failed");
			removeHook(release);
			spec.commandLine().getErr().println("freeport occupy: " + e.getMessage());
			return FreeportCommand.FOUND;
		}
		out.println("holding until " + (duration == null ? "" : duration.toString().substring(2).toLowerCase() + " pass, ")
				+ "Ctrl-C" + (ignoreStdin ? "" : " or end of input"));
		out.flush();
		String why = HoldEnd.await(duration, ignoreStdin);
		releaseAll(held, out, why);
		removeHook(release);
		return FreeportCommand.OK;
	}

	private static String describe(PortOccupation occupation) {
		switch (occupation.occupation()) {
			case LISTENING:
				return "listening in this process (pid " + occupation.holderPid() + ")";
			case LISTENING_IN_OTHER_PROCESS:
				return "listening in holder process pid " + occupation.holderPid();
			case BOUND_NOT_LISTENING:
				return "bound, not listening, in this process (pid " + occupation.holderPid() + ")";
			case UDP_BOUND:
				return "UDP-bound in this process (pid " + occupation.holderPid() + ")";
			default:
				return "leased in the registry only (pid " + occupation.holderPid() + "); the port itself is free";
		}
	}

	private static void releaseAll(List<PortOccupation> held, PrintWriter out, String why) {
		synchronized (held) {
			for (PortOccupation occupation : held) {
				if (!occupation.isReleased()) {
					occupation.close();
					out.println("released " + occupation.port() + "/" + occupation.protocol() + " (" + why + ")");
				}
			}
			out.flush();
		}
	}

	private static void removeHook(Thread hook) {
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException e) {
			// the JVM is shutting down: the hook releases
		}
	}
}
