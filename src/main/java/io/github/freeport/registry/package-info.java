/**
 * The host-wide lease registry: OS byte-range locks on one lock file per folder (the truth), holder
 * metadata in a separate slot file (diagnostics only), and the checks on the registry folder.
 *
 * <p>Depends on the JDK and on the root package's value types only. Nothing outside
 * {@link io.github.freeport.registry.FileLockRegistry} may open the lock file.
 */
package io.github.freeport.registry;
