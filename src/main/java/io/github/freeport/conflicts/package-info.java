/**
 * Port conflicts on purpose: the machinery behind {@link io.github.freeport.OccupiedPort},
 * {@link io.github.freeport.PortConflicts} and the seeded {@link io.github.freeport.conflicts.Chaos} mode.
 *
 * <p>Here live the occupants that keep a port busy (a listening, bound or UDP socket in this JVM, or
 * {@link io.github.freeport.conflicts.HolderProcess}, a tiny JVM that listens on the port until its
 * standard input closes), chaos's seeded choices, and replays. Every occupation also holds a lease in the
 * registry. Public types here are not API (use the annotation and {@code PortConflicts}), except
 * {@link io.github.freeport.conflicts.Replay} and what it returns ({@code ReplayPlan}, {@code ReplayStep},
 * {@code ReplayedConflicts}): the busy ports of a recorded run, re-created from its allocation log.
 *
 * <p>May depend on the root package's value types, {@code diagnostics}, {@code logs} (for replays),
 * {@code allocators}, {@code config}, {@code allocation} and {@code registry}; knows nothing of JUnit.
 */
package io.github.freeport.conflicts;
