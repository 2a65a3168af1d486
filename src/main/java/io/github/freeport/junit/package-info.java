/**
 * The JUnit Jupiter glue: the extension that {@link io.github.freeport.FreePort} registers, which turns
 * annotations into requests and keeps reservations in the {@code ExtensionContext.Store} of their scope; the
 * scopes of {@code Ports.reserveForTest()}, told by a {@code TestExecutionListener} which test each thread runs;
 * and the check that the JUnit on the class path is recent enough.
 *
 * <p>The only package that depends on JUnit beyond the annotation.
 */
package io.github.freeport.junit;
