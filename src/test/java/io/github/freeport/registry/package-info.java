/**
 * Tests of the lease registry on real files in one JVM: the folder's safety checks, robustness against
 * damaged or foreign metadata, the lock-file layout pinned, and the guard that only the layout and
 * {@code LockFiles} name a lock file.
 * Cross-process behaviour is tested in {@code io.github.freeport.crossprocess}, whose helpers these may use.
 */
package io.github.freeport.registry;
