/**
 * The Java code blocks of {@code README.md} and {@code docs/*.md} that come from no example: one class per page,
 * each block a tagged region ({@code // tag::<name>[]} ... {@code // end::<name>[]}) that the page copies under
 * a {@code <!-- snippet: ... -->} marker (docs/README.md, "Writing docs"). Compiled by {@code mvn test-compile}
 * against the library and its optional integrations, never run: no class name here matches a test pattern,
 * and the calls they show are exercised by the library's own tests. {@link io.github.freeport.docs.pages.StandIns}
 * holds what the blocks use in the place of the reader's own code (a server, a client).
 *
 * <p>May depend on the whole library, JUnit, AssertJ, Awaitility and Testcontainers.
 */
package io.github.freeport.docs.pages;
