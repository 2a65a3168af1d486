/**
 * freeport's configuration: the names of its keys ({@link io.github.freeport.config.Keys}), the one table that
 * says what each accepts, its default and its profiles' values ({@link io.github.freeport.config.KeyTable}),
 * and the lookup with one precedence, validation and the effective listing built on it
 * ({@link io.github.freeport.config.Configuration}).
 *
 * <p>Depends on the JDK, the root package's value types (the exceptions), the allocation layer's value parsers
 * ({@code PortRange}, {@code PortStrategies}, {@code ProbeAddress}) and the registry's defaults (the folder, the
 * fork id). Never on the root package's facade ({@code FreePort}, {@code Ports}), the JUnit glue or the logs:
 * those read their keys from here.
 */
package io.github.freeport.config;
