/**
 * JSON, written and read by hand: {@link io.github.freeport.json.JsonWriter} and
 * {@link io.github.freeport.json.JsonReader}, for the allocation events (JSON Lines), and the command line's
 * {@code --json} output; {@link io.github.freeport.json.JsonMembers} finds a log line's members where they lie,
 * as strictly as the reader reads them, for the run report's many lines. By hand, because the library jar brings its users nothing but JUnit; the tests
 * check both against an independent parser.
 *
 * <p>Depends on the JDK only, so that every layer may use it.
 */
package io.github.freeport.json;
