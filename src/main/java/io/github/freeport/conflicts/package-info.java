/**
 * Port conflicts on purpose: the machinery behind {@link io.github.freeport.OccupiedPort},
 * {@link io.github.freeport.PortConflicts} and the seeded {@link io.github.freeport.conflicts.Chaos} mode.
 *
 * <p>Here live the occupants that keep a port busy (a listening, bound or UDP socket in this JVM, or
 * {@link io.github.freeport.conflicts.HolderProcess}, a tiny JVM that listens on the port until its
 * standard input closes), the JUnit extension, and chaos. Every occupation also holds a lease in the
 * registry. Public types here are not API (use the annotation and {@code PortConflicts}), except
 * {@link io.github.freeport.conflicts.Replay} and what it returns ({@code ReplayPlan}, {@code ReplayStep},
 * {@code ReplayedConflicts}): the busy ports of a recorded run, re-created from its allocation log.
 *
 * <p>May depend on the root package, {@code registry}, {@code allocation}, {@code config}, {@code logs} and
 * {@code diagnostics} (for replays), the JDK and the
 * JUnit Jupiter API; nothing depends on it but the root package's conflict API (and the JUnit glue, for chaos).
 */
package io.github.freeport.conflicts;
