package io.github.freeport.logs;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.freeport.config.Configuration;
import org.apiguardian.api.API;

/**
 * Appends events to this JVM's JSON Lines file in a run folder: {@code events-<pid>.jsonl}, one whole line
 * per event, written with one {@code write} call under a JVM-wide lock. Forks never share a file, so many
 * forks and threads can log at once, and a run's files can be merged in any order. The file stays open
 * between events (opening, creating folders and closing for every event cost more than the event itself);
 * nothing is buffered in the JVM, so a line is in the file as soon as {@link #append} returns, whatever
 * happens to the JVM next. While this JVM logs to a folder, a marker
 * {@code fork-<pid>.open} says so, for the run report to know whether other forks are still running.
 */
@API(status = INTERNAL, since = "0.1")
public final class EventLog {

	static final String EVENTS_PREFIX = "events-";
	static final String EVENTS_SUFFIX = ".jsonl";
	static final String OPEN_PREFIX = "fork-";
	static final String OPEN_SUFFIX = ".open";

	private static final Object LOCK = new Object();
	private static final long PID = currentPid();
	/** Folders this JVM wrote to, and whether its open marker is there now. */
	private static final Set<Path> WRITTEN = ConcurrentHashMap.newKeySet();
	private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
	/**
	 * Run folders this JVM was open in without writing to them, which other forks of the run wrote to: when this
	 * JVM is the last fork of the run to finish, it announces the run all the same. Guarded by {@link #LOCK}.
	 */
	private static final Set<Path> SHARED = new java.util.HashSet<>();
	/** At most this many events files are kept open; a suite that logs to many folders reopens the older ones. */
	private static final int CHANNELS_KEPT = 8;
	/** The open events files by run folder, least recently used first; guarded by {@link #LOCK}. */
	private static final Map<Path, OpenFile> CHANNELS = new LinkedHashMap<>(16, 0.75f, true);
	/** How often, at most, an open events file is looked for at its path (a {@code stat}, as dear as the write). */
	static final long EXISTS_CHECK_NANOS = 100_000_000L;

	/** An events file kept open: its channel, its path, and when it was last found there. */
	private static final class OpenFile {

		final FileChannel channel;
		final Path file;
		/** {@link System#nanoTime()} when the file was last found at its path; guarded by {@link #LOCK}. */
		long foundAt;

		OpenFile(FileChannel channel, Path file, long foundAt) {
			this.channel = channel;
			this.file = file;
			this.foundAt = foundAt;
		}
	}
	/** The configuration each run folder was last named with: its fork's first line. */
	private static final Map<Path, Configuration> CONFIGURATIONS = new ConcurrentHashMap<>();
	/** The OS ephemeral range, told by the layer that knows it (the launcher session); {@code null} until then. */
	private static volatile Supplier<String> ephemeralRange;
	private static volatile boolean warned;

	private EventLog() {
	}

	/**
	 * The run folder for a configuration: {@code <freeport.log.dir>/<run id>}.
	 *
	 * @throws io.github.freeport.FreePortException naming the key when a configured value is invalid
	 */
	public static Path runFolder(Configuration configuration) {
		Path folder = configuration.logDir().resolve(RunId.of(configuration));
		if (CONFIGURATIONS.size() > 256) {
			CONFIGURATIONS.clear(); // a suite naming a fresh folder per test: the latest ones matter
		}
		CONFIGURATIONS.put(folder, configuration);
		synchronized (LOCK) { // a new run in the folder: its first event looks for the file, whenever it was last seen
			OpenFile open = CHANNELS.get(folder);
			if (open != null) {
				open.foundAt = System.nanoTime() - EXISTS_CHECK_NANOS;
			}
		}
		return folder;
	}

	/**
	 * Appends one event to this JVM's file in the run folder, creating both as needed. Never throws: a log
	 * that cannot be written is logged once (a warning), since a test must not fail for it.
	 */
	public static void append(Path runFolder, AllocationEvent event) {
		appendJson(runFolder, event.toJson());
	}

	/** As {@link #append(Path, AllocationEvent)}, for an event already written as JSON (one line, no line break). */
	public static void appendJson(Path runFolder, String json) {
		ByteBuffer line = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
		// the JDK closes a channel that an interrupted thread writes to: set the flag aside meanwhile
		boolean interrupted = Thread.interrupted();
		synchronized (LOCK) {
			FileChannel channel = null;
			try {
				channel = channel(runFolder);
				while (line.hasRemaining()) { // one write for a line: the loop only matters when the disk is full
					channel.write(line);
				}
			}
			catch (IOException | RuntimeException e) {
				if (channel != null) {
					OpenFile open = CHANNELS.remove(runFolder);
					closeQuietly(open != null ? open.channel : channel);
				}
				if (!warned) {
					warned = true;
					System.getLogger(EventLog.class.getPackageName()).log(Level.WARNING, "freeport cannot write the allocation log in "
							+ runFolder + ": " + e + "; set freeport.log.dir to a writable folder");
				}
			}
			finally {
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	/**
	 * The open events file of a run folder. A file deleted meanwhile (with its folder, say a test's temporary
	 * folder) is created again, as it would have been before the file was kept open: the file is looked for at its
	 * path at most every {@link #EXISTS_CHECK_NANOS 100 ms}, and at the first event of each run that names the
	 * folder ({@link #runFolder}). Looking for it at every event cost a {@code stat}, as much as the line's write.
	 */
	private static FileChannel channel(Path runFolder) throws IOException {
		OpenFile open = CHANNELS.get(runFolder);
		if (open != null && open.channel.isOpen()) {
			long now = System.nanoTime();
			if (now - open.foundAt < EXISTS_CHECK_NANOS) {
				return open.channel;
			}
			if (Files.exists(open.file)) {
				open.foundAt = now;
				return open.channel;
			}
		}
		if (open != null) {
			CHANNELS.remove(runFolder);
			closeQuietly(open.channel);
		}
		Path file = eventsFile(runFolder);
		createFolder(runFolder);
		if (OPEN.add(runFolder)) {
			createMarker(runFolder);
		}
		WRITTEN.add(runFolder);
		FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
			StandardOpenOption.APPEND);
		CHANNELS.put(runFolder, new OpenFile(channel, file, System.nanoTime()));
		if (CHANNELS.size() > CHANNELS_KEPT) { // no removeEldestEntry: an anonymous map class loads with the first event
			Iterator<OpenFile> eldest = CHANNELS.values().iterator();
			closeQuietly(eldest.next().channel);
			eldest.remove();
		}
		if (channel.size() == 0) {
			writeConfiguration(runFolder);
		}
		return channel;
	}

	/**
	 * With a fork's first event in a folder, its configuration goes beside it, as far as this JVM knows it for
	 * the folder: written to a temporary file and moved into place, so a reader never sees half of it.
	 */
	private static void writeConfiguration(Path runFolder) throws IOException {
		Configuration configuration = CONFIGURATIONS.get(runFolder);
		if (configuration == null) {
			return;
		}
		Supplier<String> range = ephemeralRange;
		String json;
		try {
			json = ForkConfiguration.of(runFolder.getFileName().toString(), configuration, PID,
				range == null ? "not read: no JUnit launcher session" : range.get()).toJson();
		}
		catch (RuntimeException e) {
			return; // an invalid value: its key's own error tells, and the events go on without it
		}
		Path file = configurationFile(runFolder);
		Path temporary = runFolder.resolve(file.getFileName() + ".tmp");
		try (FileOutputStream out = new FileOutputStream(temporary.toFile())) { // no channel streams, as the marker
			out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
		}
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * How a fork's configuration file names the OS ephemeral range: asked for when the file is written, with
	 * the fork's first event. Not API: the launcher session listener tells it.
	 */
	public static void describeEphemeralRangeWith(Supplier<String> range) {
		ephemeralRange = range;
	}

	/** This JVM's configuration file in a run folder. */
	static Path configurationFile(Path runFolder) {
		return runFolder.resolve(ForkConfiguration.FILE_PREFIX + PID + ForkConfiguration.FILE_SUFFIX);
	}

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException e) {
			// nothing is buffered: every line was written when it was appended
		}
	}

	/** This JVM's events file in a run folder. */
	static Path eventsFile(Path runFolder) {
		return runFolder.resolve(EVENTS_PREFIX + PID + EVENTS_SUFFIX);
	}

	/** The run folders this JVM has written to. */
	public static List<Path> foldersWritten() {
		return List.copyOf(WRITTEN);
	}

	/**
	 * The run folders whose report this JVM rebuilds when its launcher session closes, after {@link #closeAll()}:
	 * those it wrote to, and those it was open in that other forks wrote to. A fork that took no port may be the
	 * last of its run to finish; the forks that logged saw it open and left the summary line to it.
	 */
	public static List<Path> foldersToReport() {
		synchronized (LOCK) {
			List<Path> folders = new java.util.ArrayList<>(WRITTEN);
			for (Path folder : SHARED) {
				if (!WRITTEN.contains(folder)) {
					folders.add(folder);
				}
			}
			SHARED.clear();
			return folders;
		}
	}

	/**
	 * Marks this JVM as running in a run folder before it logs anything, so that a fork that finishes
	 * early does not announce the run while its siblings are still at work. A folder that stays empty is
	 * removed again by {@link #closeAll()}, so a build without reservations leaves nothing behind.
	 */
	public static void markOpen(Path runFolder) {
		synchronized (LOCK) {
			try {
				createFolder(runFolder);
				if (OPEN.add(runFolder)) {
					createMarker(runFolder);
				}
			}
			catch (IOException | RuntimeException e) {
				OPEN.remove(runFolder);
			}
		}
	}

	/**
	 * Creates a run folder and its parents where missing. With {@code java.io.File}, as the open marker: every
	 * JUnit JVM with freeport on its class path marks its run folder when its launcher session opens, and
	 * {@code Files} would load the JDK's file attributes and channels into JVMs that never reserve a port.
	 */
	private static void createFolder(Path runFolder) throws IOException {
		File folder = runFolder.toFile();
		if (!folder.mkdirs() && !folder.isDirectory()) {
			throw new IOException("Cannot create the folder " + folder);
		}
	}

	/** This JVM's open marker in a run folder that exists; see {@link #createFolder}. */
	private static void createMarker(Path runFolder) throws IOException {
		new File(runFolder.toFile(), OPEN_PREFIX + PID + OPEN_SUFFIX).createNewFile(); // false: there already
	}

	/**
	 * This JVM's process id: on Linux the name {@code /proc/self} links to, read without initialising
	 * {@code ProcessHandle}, which starts with a thread pool's classes and costs a fresh JVM several
	 * milliseconds, in every JUnit JVM with freeport on its class path (the open marker is named after it);
	 * elsewhere, or when {@code /proc} cannot be read, {@code ProcessHandle}. The registry reads its holders'
	 * pid the same way ({@code registry.Holder}); neither layer may depend on the other.
	 */
	private static long currentPid() {
		try {
			return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
		}
		catch (IOException | RuntimeException e) {
			return ProcessHandle.current().pid();
		}
	}

	/** This JVM's process id, as the files of a run folder name it. */
	static long pid() {
		return PID;
	}

	/** Closes this JVM's events files and removes its open markers: it logs nothing more until the next event. */
	public static void closeAll() {
		synchronized (LOCK) {
			for (OpenFile open : CHANNELS.values()) {
				closeQuietly(open.channel);
			}
			CHANNELS.clear();
			for (Path folder : OPEN) {
				try {
					Files.deleteIfExists(folder.resolve(OPEN_PREFIX + PID + OPEN_SUFFIX));
					if (!WRITTEN.contains(folder)) {
						deleteIfEmpty(folder);
						if (holdsEvents(folder)) {
							SHARED.add(folder);
						}
					}
				}
				catch (IOException e) {
					// the report then waits for a fork that is gone; it checks whether the pid lives
				}
			}
			OPEN.clear();
		}
	}

	/** Whether any fork's events file is in a run folder. */
	private static boolean holdsEvents(Path folder) {
		String[] names = folder.toFile().list();
		if (names == null) {
			return false; // removed, since it was empty
		}
		for (String name : names) {
			if (name.startsWith(EVENTS_PREFIX) && name.endsWith(EVENTS_SUFFIX)) {
				return true;
			}
		}
		return false;
	}

	private static void deleteIfEmpty(Path folder) {
		try {
			Files.delete(folder); // fails when another fork has put anything there: then it stays
			Path parent = folder.getParent();
			if (parent != null) {
				Files.delete(parent);
			}
		}
		catch (IOException e) {
			// not empty, or already gone: either way nothing of ours is left
		}
	}

	/** Whether another process still has an open marker in the folder and is alive. */
	static boolean otherForksOpen(Path runFolder) {
		try (DirectoryStream<Path> files = Files.newDirectoryStream(runFolder)) {
			for (Path path : files) {
				String name = path.getFileName().toString();
				if (name.startsWith(OPEN_PREFIX) && name.endsWith(OPEN_SUFFIX)) {
					long pid = parsePid(name.substring(OPEN_PREFIX.length(), name.length() - OPEN_SUFFIX.length()));
					if (pid != PID && pid > 0) {
						Optional<ProcessHandle> other = ProcessHandle.of(pid);
						if (other.isPresent() && other.get().isAlive()) {
							return true;
						}
					}
				}
			}
			return false;
		}
		catch (IOException | RuntimeException e) {
			return false;
		}
	}

	private static long parsePid(String text) {
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException e) {
			return -1;
		}
	}
}
