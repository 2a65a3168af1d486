/**
 * The JUnit Jupiter glue: the extension that {@link io.github.freeport.FreePort} registers, which turns
 * annotations into requests and keeps reservations in the {@code ExtensionContext.Store} of their scope.
 *
 * <p>The only package that depends on JUnit beyond the annotation.
 */
package io.github.freeport.junit;
