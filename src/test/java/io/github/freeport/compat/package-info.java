/**
 * The build's compatibility matrix: {@link io.github.freeport.compat.CompatibilityMatrix} is a {@code main} run by
 * {@code mvn verify} (exec-maven-plugin, phase integration-test) that runs the extension's tests once per cell
 * of JUnit version and Java version, each through that JUnit's own Console Launcher on that JDK. The cells are
 * the property {@code compat.legs} of {@code pom.xml}; {@code docs/compatibility.md} says how to add one.
 *
 * <p>The matrix's classes depend on the JDK only: they run before, and apart from, any JUnit of the tests.
 */
package io.github.freeport.compat;
