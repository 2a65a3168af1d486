/**
 * JMH benchmarks of freeport's allocation latency against the usual port idioms, and the renderer of
 * {@code docs/benchmarks.md}. A separate build (see {@code benchmarks/run.sh}); may depend on anything,
 * since it never reaches users.
 */
package io.github.freeport.benchmarks;
