/**
 * The allocation log: one {@link io.github.freeport.logs.AllocationEvent} per reservation, written as a
 * JSON Lines file per fork under a run folder ({@link io.github.freeport.logs.EventLog}), and the
 * self-contained HTML report of a whole run built from those files ({@link io.github.freeport.logs.RunReport}).
 *
 * <p>JDK only, JSON included (written and read by hand): nothing here may reach users' classpaths. The one
 * exception is {@link io.github.freeport.logs.RunReportSessionListener}, which implements a
 * {@code junit-platform-launcher} interface and is only ever loaded by the launcher through
 * {@code META-INF/services}. Depends on the root package (traces) and the configuration; the JUnit glue
 * depends on this package, never the other way round.
 */
package io.github.freeport.logs;
