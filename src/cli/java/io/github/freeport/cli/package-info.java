/**
 * The {@code freeport} command line: {@code status}, {@code who}, {@code occupy}, {@code doctor}, and the
 * placeholders {@code report} and {@code replay}. {@link io.github.freeport.cli.FreeportCommand} is the
 * entry point.
 *
 * <p>These sources live in {@code src/cli/java} and ship only in {@code freeport-<version>-cli.jar}, with
 * picocli relocated to {@code io.github.freeport.cli.shaded.picocli}: the library jar has no class here.
 * May depend on every package of freeport, picocli and the JDK; nothing depends on it. Like every
 * freeport JVM, the CLI touches the lock file only through {@code FileLockRegistry}.
 */
package io.github.freeport.cli;
