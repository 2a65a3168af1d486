/**
 * Who holds a port: the freeport registry's lease holder and the processes whose sockets are bound to it
 * (Linux {@code /proc/net} and {@code /proc/<pid>/fd}; {@code lsof} or Windows {@code netstat} elsewhere),
 * each named by pid and command line. What cannot be found out is reported as unknown, never guessed.
 *
 * <p>Depends on the JDK, the root package's value types, {@code allocators} (the registry of a
 * configuration), {@code config} and {@code registry}; knows nothing of JUnit.
 */
package io.github.freeport.diagnostics;
