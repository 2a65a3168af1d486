package io.github.freeport.conflicts;

import java.io.IOException;

/**
 * The holder of {@link io.github.freeport.Occupation#LISTENING_IN_OTHER_PROCESS}: a tiny JVM that listens
 * on a TCP port until its standard input closes, that is, until its parent closes the pipe or dies.
 *
 * <p>Protocol: argument {@code <port>}; prints {@code READY <pid>} once listening, or {@code FAILED <why>}
 * and exits with status 2. Not API.
 */
final class HolderProcess {

	static final String READY = "READY ";
	static final String FAILED = "FAILED ";

	private HolderProcess() {
	}

	public static void main(String[] args) throws IOException {
		SocketOccupant occupant;
		try {
			occupant = SocketOccupant.listening(Integer.parseInt(args[0]));
		}
		catch (IOException | RuntimeException e) {
			System.out.println(FAILED + e);
			System.out.flush();
			System.exit(2);
			return;
		}
		System.out.println(READY + ProcessHandle.current().pid());
		System.out.flush();
		byte[] buffer = new byte[64];
		while (System.in.read(buffer) != -1) {
			// the parent writes nothing; end of stream means it is done with us, or gone
		}
		occupant.close();
		System.exit(0);
	}
}
