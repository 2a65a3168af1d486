package io.github.freeport.registry;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.apiguardian.api.API;

/**
 * What the registry's metadata says of a lease's holder: diagnostics only, the lock is the truth.
 *
 * @param pid the holding process
 * @param fork the build tool's fork or worker id where known, else empty
 * @param owner the test (JUnit unique id) or programmatic caller that asked
 * @param sinceMillis when the lease was taken, in milliseconds since the epoch (as the metadata keeps it): a lease
 *        is taken without making an {@code Instant}, whose arithmetic a young JVM would interpret on every lease
 * @param releasedAt when it was released, or {@code null} while it holds
 */
@API(status = INTERNAL, since = "0.1")
public record Holder(long pid, String fork, String owner, long sinceMillis, Instant releasedAt) {

	/**
	 * A holder as read or described, taken at an instant (kept to the millisecond, as the metadata keeps it).
	 *
	 * @param pid the holding process
	 * @param fork the build tool's fork or worker id where known, else empty
	 * @param owner the test (JUnit unique id) or programmatic caller that asked
	 * @param since when the lease was taken
	 * @param releasedAt when it was released, or {@code null} while it holds
	 */
	public Holder(long pid, String fork, String owner, Instant since, Instant releasedAt) {
		this(pid, fork, owner, since.toEpochMilli(), releasedAt);
	}

	/** {@return when the lease was taken} */
	public Instant since() {
		return Instant.ofEpochMilli(sinceMillis);
	}

	/** The process id recorded for this JVM's leases. */
	static final long PID = currentPid();

	/** The build tool's fork or worker id, where one is known: a hint for humans, never relied on. */
	static final String FORK = forkHint();

	/** This JVM as the holder of a lease taken now. */
	static Holder inThisJvm(String owner) {
		return new Holder(PID, FORK, owner, System.currentTimeMillis(), null);
	}

	public boolean released() {
		return releasedAt != null;
	}

	@Override
	public String toString() {
		return "pid " + pid + (fork.isEmpty() ? "" : " fork " + fork) + (owner.isEmpty() ? "" : " (" + owner + ")");
	}

	/**
	 * This JVM's process id: on Linux the name {@code /proc/self} links to, read without initialising
	 * {@code ProcessHandle}, which starts with a thread pool's classes and costs a fresh JVM several
	 * milliseconds on the way to its first port; elsewhere, or when {@code /proc} cannot be read,
	 * {@code ProcessHandle}. The logs name their files after it the same way ({@code logs.EventLog}).
	 */
	private static long currentPid() {
		try {
			return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
		}
		catch (IOException | RuntimeException e) {
			return ProcessHandle.current().pid();
		}
	}

	private static String forkHint() {
		for (String key : new String[] { "surefire.forkNumber", "org.gradle.test.worker", "freeport.fork" }) {
			String value = System.getProperty(key);
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		String command = System.getProperty("sun.java.command");
		// only a Surefire or Failsafe booter's command line is read: any other JVM loads nothing for it
		return command != null && command.contains("surefire") ? SurefireFork.number(command).orElse("") : "";
	}
}
