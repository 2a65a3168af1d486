/**
 * The allocation log: one {@link io.github.freeport.logs.AllocationEvent} per reservation, one
 * {@link io.github.freeport.logs.FailedAllocation} per allocation that failed, one
 * {@link io.github.freeport.logs.LeaseNotice} per reservation made with {@code Ports} that was not closed,
 * written as a JSON Lines file per fork under a run folder ({@link io.github.freeport.logs.EventLog}, read back
 * by {@link io.github.freeport.logs.EventsFile}) beside each fork's
 * {@link io.github.freeport.logs.ForkConfiguration}, and the self-contained HTML report of a whole run built
 * from those files in one pass, without holding their events ({@link io.github.freeport.logs.RunReport}); all
 * of a run's events in memory, for tools that need them, are {@link io.github.freeport.logs.RunEvents}.
 *
 * <p>JDK only, JSON included (written and read by hand): nothing here may reach users' classpaths.
 * Depends on the root package's value types (traces) and the configuration; knows nothing of JUnit (the
 * JUnit glue publishes events and writes the report at the end of a launcher session).
 */
package io.github.freeport.logs;
