/**
 * Tests of the lease registry on real files in one JVM: the folder's safety checks, robustness against
 * damaged or foreign metadata, and the guard that only {@code FileLockRegistry} names the lock file.
 * Cross-process behaviour is tested in {@code io.github.freeport.crossprocess}, whose helpers these may use.
 */
package io.github.freeport.registry;
