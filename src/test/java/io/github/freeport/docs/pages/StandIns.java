package io.github.freeport.docs.pages;

import java.nio.channels.ServerSocketChannel;

/**
 * What the docs' code blocks use in the place of the reader's own code: a server that starts on a port, a
 * client. Declared so that the blocks compile; never run.
 */
final class StandIns {

	private StandIns() {
	}

	/** The reader's server under test. */
	interface Server extends AutoCloseable {

		static Server startWithDefaults() {
			throw new UnsupportedOperationException("a stand-in for the docs: compiled, never run");
		}

		void start(int port);

		void startInBackground(int port);

		void stop();

		int port();

		@Override
		void close();
	}

	/** A server that needs two ports, as in the README. */
	static final class OrdersServer implements AutoCloseable {

		OrdersServer(int port, int brokerPort) {
		}

		@Override
		public void close() {
		}
	}

	/** A server that accepts an already bound channel. */
	static final class EchoServer implements AutoCloseable {

		EchoServer(ServerSocketChannel channel) {
		}

		@Override
		public void close() {
		}
	}

	/** A server that binds a port number itself. */
	static final class HttpServerUnderTest implements AutoCloseable {

		void start(int port) {
		}

		@Override
		public void close() {
		}
	}

	/** A server started from a static method, as in the migration guide. */
	interface GreetingServer extends AutoCloseable {

		static GreetingServer start(int port) {
			throw new UnsupportedOperationException("a stand-in for the docs: compiled, never run");
		}

		@Override
		void close();
	}

	/** An HTTP client. */
	interface Client {

		String get(String url);
	}
}
