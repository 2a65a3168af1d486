/**
 * The JUnit glue below the annotations: {@link io.github.freeport.junit.BindFailureExtension} (who holds the
 * port of a {@code BindException}), chaos in JUnit scopes and the note it adds to a failure, publishing a
 * released reservation's event to the test's report entries, the launcher session listener that writes
 * the run report; the scopes of {@code Ports.reserveForTest()}, told by a {@code TestExecutionListener} which
 * test each thread runs; and the check that the JUnit on the class path is recent enough.
 *
 * <p>With the extensions that read {@code @FreePort} and {@code @OccupiedPort} (which sit beside their
 * annotations in the root package, package-private), the only code that depends on JUnit. Depends on the
 * root package's value types, {@code conflicts}, {@code diagnostics}, {@code logs}, {@code allocators},
 * {@code config} and {@code registry}; the root package's annotations and extensions depend on it.
 */
package io.github.freeport.junit;
