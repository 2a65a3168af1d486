/**
 * The host-wide lease registry: OS byte-range locks in the registry folder's lock files (the truth),
 * holder metadata in a separate slot file (diagnostics only), and the checks on the registry folder.
 *
 * <p>{@link io.github.freeport.registry.FileLockRegistry} is the door, one per folder and JVM. Behind it,
 * one job a file: {@link io.github.freeport.registry.LockFileLayout} (where each lease is locked: the
 * protocol between JVMs), {@code LockFile} and {@code LockFiles} (opening the lock files, checking they are
 * still the files at their paths, opening them again when deleted or replaced), {@code LockFileWatch} (the
 * thread that makes those checks ahead of the lease attempts), {@code Leasing} (taking and
 * releasing leases, and the quarantine), {@code LeaseLookup} (who holds what, for diagnostics),
 * {@code HeldPositions} (this JVM's table), {@code HolderSlots} (the metadata file) and
 * {@link io.github.freeport.registry.RegistryFolder}.
 *
 * <p>Depends on the JDK and on the root package's value types only. Nothing outside {@code LockFile} may
 * open a lock file, and nothing outside {@code LockFileLayout} and {@code LockFiles} may name one.
 * Logs to the {@code System.Logger} {@code io.github.freeport.registry}.
 */
package io.github.freeport.registry;
