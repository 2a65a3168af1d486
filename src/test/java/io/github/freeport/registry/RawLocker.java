package io.github.freeport.registry;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A child JVM that locks bytes of a lock file directly, as another freeport version would, and holds
 * them until its stdin closes or it is killed. Arguments: the lock file, then the byte offsets.
 */
public final class RawLocker {

	private RawLocker() {
	}

	public static void main(String[] args) throws Exception {
		try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE)) {
			for (int i = 1; i < args.length; i++) {
				if (channel.tryLock(Long.parseLong(args[i]), 1, false) == null) {
					System.out.println("BUSY " + args[i]);
					return;
				}
			}
			System.out.println("LOCKED");
			System.out.flush();
			while (System.in.read() >= 0) {
				// hold until told to stop
			}
		}
	}
}
