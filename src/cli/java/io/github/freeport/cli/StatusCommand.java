package io.github.freeport.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.github.freeport.config.Configuration.Setting;
import io.github.freeport.json.JsonWriter;
import io.github.freeport.registry.FileLockRegistry;
import io.github.freeport.registry.Holder;
import io.github.freeport.registry.RecordedLease;
import io.github.freeport.registry.RegistryScan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code freeport status}: the registry's live leases, the metadata checked against the locks. */
@Command(name = "status", mixinStandardHelpOptions = true,
	description = { "List the registry's live leases.", "For each: port, protocol, pid, command, fork, test and since.",
		"A lease counts only while its lock is held." },
	exitCodeListHeading = "%nExit codes:%n", exitCodeList = { "0:listed (with or without leases)",
		"1:the registry folder is unusable (the message says how to fix it)", FreeportCommand.EXIT_CODES_USAGE })
final class StatusCommand implements Callable<Integer> {

	@Mixin
	RegistryOptions registry;

	@Option(names = "--json", description = "Print one JSON object instead of text.")
	boolean json;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		Setting folder = registry.registryDir();
		FileLockRegistry opened = registry.open();
		RegistryScan scan = opened.scan();
		PrintWriter out = spec.commandLine().getOut();
		if (json) {
			JsonWriter status = new JsonWriter().beginObject().name("registry").value(opened.folder().toString())
				.name("source").value(folder.source());
			writeLeases(status.name("leases"), scan.live());
			out.println(status.endObject());
		}
		else {
			printText(out, opened, folder, scan);
		}
		out.flush();
		return FreeportCommand.OK;
	}

	private static void printText(PrintWriter out, FileLockRegistry opened, Setting folder, RegistryScan scan) {
		out.println("Registry " + opened.folder() + " (" + folder.source() + ")");
		opened.lockingWarning().ifPresent(w -> out.println("Warning: " + w));
		if (scan.live().isEmpty()) {
			out.println("No live leases.");
		}
		else {
			out.println(String.format("%-6s %-5s %-8s %-5s %-30s %s", "PORT", "PROTO", "PID", "FORK", "SINCE", "TEST"));
			for (RecordedLease lease : scan.live()) {
				Holder holder = lease.holder();
				out.println(String.format("%-6d %-5s %-8d %-5s %-30s %s", lease.port(), lease.protocol(), holder.pid(),
					holder.fork().isEmpty() ? "-" : holder.fork(), ProcessDescription.since(holder.since()), holder.owner()));
				out.println("       command: " + ProcessDescription.shortCommand(holder.pid()));
			}
			out.println(plural(scan.live().size(), "live lease") + ".");
		}
	}

	private static void writeLeases(JsonWriter json, List<RecordedLease> leases) {
		json.beginArray();
		for (RecordedLease lease : leases) {
			Holder holder = lease.holder();
			json.beginObject().name("port").value(lease.port()).name("protocol").value(lease.protocol().name())
				.name("pid").value(holder.pid()).name("command").value(ProcessDescription.command(holder.pid()))
				.name("fork").value(holder.fork()).name("test").value(holder.owner()).name("since")
				.value(holder.since().toString()).endObject();
		}
		json.endArray();
	}

	static String plural(int count, String noun) {
		return count + " " + noun + (count == 1 ? "" : "s");
	}

	/** The leases as {@code port/PROTO} words, for messages. */
	static String ports(List<RecordedLease> leases) {
		return leases.stream().map(l -> l.port() + "/" + l.protocol()).collect(Collectors.joining(", "));
	}
}
