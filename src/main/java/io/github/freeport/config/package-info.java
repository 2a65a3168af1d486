/**
 * Reading and validating freeport's configuration keys: configuration parameter, then environment
 * variable, then built-in default. Depends on the JDK and the root package only.
 */
package io.github.freeport.config;
