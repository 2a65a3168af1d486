package com.example.echo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A client for the tests: sends a line, returns the answer. */
final class Echo {

	private Echo() {
	}

	static String call(int port, String line) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
				PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
				BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
			socket.setSoTimeout(10_000);
			out.println(line);
			return in.readLine();
		}
	}
}
