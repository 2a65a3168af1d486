/**
 * The allocation log: one {@link io.github.freeport.logs.AllocationEvent} per reservation, written as a
 * JSON Lines file per fork under a run folder ({@link io.github.freeport.logs.EventLog}), and the
 * self-contained HTML report of a whole run built from those files ({@link io.github.freeport.logs.RunReport}).
 *
 * <p>JDK only, JSON included (written and read by hand): nothing here may reach users' classpaths.
 * Depends on the root package's value types (traces) and the configuration; knows nothing of JUnit (the
 * JUnit glue publishes events and writes the report at the end of a launcher session).
 */
package io.github.freeport.logs;
