package io.github.freeport.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Ephemeral-port noise: outgoing loopback connections to a listener of its own, as a busy test suite's
 * HTTP clients make them. Keeps {@code open} connections at a time, one new every {@code interval} µs, each
 * closed with a reset (no TIME_WAIT left behind). Bounded in count and time; stops early on "stop" on
 * standard input. Prints {@code READY} when listening and {@code NOISE <connections> <failed>} when done.
 *
 * <p>Arguments: {@code maxConnections maxSeconds open intervalMicros}.
 */
public final class LoopbackNoise {

	private LoopbackNoise() {
	}

	public static void main(String[] args) throws IOException {
		long maxConnections = Long.parseLong(args[0]);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
		int open = Integer.parseInt(args[2]);
		long intervalNanos = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(args[3]));
		InetAddress loopback = InetAddress.getByName("127.0.0.1");
		AtomicBoolean stop = new AtomicBoolean();
		Thread stdin = new Thread(() -> {
			try {
				InputStream in = System.in;
				while (in.read() >= 0) {
					// any line, or end of input, stops the noise
					break;
				}
			}
			catch (IOException ignored) {
				// the parent is gone: stop too
			}
			stop.set(true);
		}, "stop on input");
		stdin.setDaemon(true);
		stdin.start();
		try (ServerSocket listener = new ServerSocket(0, 1024, loopback)) {
			Thread acceptor = new Thread(() -> accept(listener, open), "acceptor");
			acceptor.setDaemon(true);
			acceptor.start();
			System.out.println("READY " + listener.getLocalPort());
			System.out.flush();
			ArrayDeque<Socket> clients = new ArrayDeque<>();
			long connections = 0;
			long failed = 0;
			long next = System.nanoTime();
			while (!stop.get() && connections < maxConnections && System.nanoTime() < deadline) {
				try {
					Socket client = new Socket();
					client.setSoLinger(true, 0);
					client.connect(new InetSocketAddress(loopback, listener.getLocalPort()), 1000);
					clients.add(client);
					connections++;
				}
				catch (IOException e) {
					failed++;
				}
				while (clients.size() > open) {
					closeQuietly(clients.poll());
				}
				next += intervalNanos;
				long wait = next - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
			}
			clients.forEach(LoopbackNoise::closeQuietly);
			System.out.println("NOISE " + connections + " " + failed);
			System.out.flush();
		}
	}

	private static void accept(ServerSocket listener, int open) {
		ArrayDeque<Socket> accepted = new ArrayDeque<>();
		while (!listener.isClosed()) {
			try {
				Socket socket = listener.accept();
				socket.setSoLinger(true, 0);
				accepted.add(socket);
				while (accepted.size() > 2 * open) {
					closeQuietly(accepted.poll());
				}
			}
			catch (IOException e) {
				return;
			}
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ignored) {
			// a reset connection
		}
	}
}
