package io.github.freeport.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.github.freeport.Protocol;
import io.github.freeport.allocation.BindProbe;
import io.github.freeport.diagnostics.PortHolder;
import io.github.freeport.diagnostics.PortHolders;
import io.github.freeport.diagnostics.SocketHolder;
import io.github.freeport.registry.FileLockRegistry;
import io.github.freeport.registry.Holder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code freeport who <port>}: who holds a port, in the registry or not, and whether it can be bound now. */
@Command(name = "who", mixinStandardHelpOptions = true,
	description = { "Say who holds a port, and whether it can be bound.", "The registry's holder (pid, command, fork, test), whether the port can be"
			+ " bound right now (wildcard address, no SO_REUSEADDR, IPv4 and IPv6), and what the OS says holds it." },
	exitCodeListHeading = "%nExit codes:%n", exitCodeList = { "0:the port is free: not leased, and bindable",
		"1:the port is busy: leased in the registry, or not bindable (or the registry is unusable)",
		FreeportCommand.EXIT_CODES_USAGE })
final class WhoCommand implements Callable<Integer> {

	@Mixin
	RegistryOptions registry;

	@Parameters(index = "0", paramLabel = "PORT", description = "The port, 1-65535.")
	int port;

	@Option(names = "--udp", description = "Ask about the UDP port (default: TCP).")
	boolean udp;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		if (port < 1 || port > 65535) {
			throw new ParameterException(spec.commandLine(), "Invalid port " + port + ": expected 1-65535");
		}
		Protocol protocol = udp ? Protocol.UDP : Protocol.TCP;
		FileLockRegistry opened = registry.open();
		Optional<Holder> holder = opened.holderOf(port, protocol);
		Optional<String> bindFailure = BindProbe.probe(port, protocol);
		PrintWriter out = spec.commandLine().getOut();
		out.println("Port " + port + "/" + protocol);
		if (holder.isPresent()) {
			Holder h = holder.get();
			out.println("  registry: leased by pid " + h.pid() + (h.fork().isEmpty() ? "" : " fork " + h.fork()) + " since "
					+ ProcessDescription.since(h.since()));
			out.println("            test: " + (h.owner().isEmpty() ? "(none recorded)" : h.owner()));
			out.println("            command: " + ProcessDescription.shortCommand(h.pid()));
		}
		else {
			out.println("  registry: not leased (" + opened.folder() + ")");
		}
		out.println("  bindable: " + bindFailure.map(failure -> "no (" + failure + ")").orElse("yes"));
		out.println("  os:       " + osHolders(port, protocol));
		out.flush();
		return holder.isPresent() || bindFailure.isPresent() ? FreeportCommand.FOUND : FreeportCommand.OK;
	}

	/**
	 * What the operating system says holds the port, registry user or not: pid, command line and state per
	 * socket, or what could not be found out; never a guess.
	 */
	static String osHolders(int port, Protocol protocol) {
		PortHolders holders = PortHolders.of(port, protocol);
		String sockets = holders.holders().stream().filter(SocketHolder.class::isInstance).map(PortHolder::describe)
			.collect(Collectors.joining("\n            "));
		String unknown = holders.unknowns().isEmpty() ? "" : " (" + String.join("; ", holders.unknowns()) + ")";
		return (sockets.isEmpty() ? "no socket bound to it found" : sockets) + unknown;
	}
}
