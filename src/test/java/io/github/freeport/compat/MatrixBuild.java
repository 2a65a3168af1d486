package io.github.freeport.compat;

import java.nio.file.Path;

/**
 * Where the build keeps what the matrix needs.
 *
 * @param testClasses the compiled tests ({@code target/test-classes})
 * @param classes the compiled library ({@code target/classes})
 * @param classPathBeyondJUnit the tests' class path less every JUnit, opentest4j and apiguardian jar
 * @param jars the folder of one {@code junit-<version>} folder per JUnit version, each holding
 *        {@code console-standalone.jar} and {@code testkit.jar} (copied by maven-dependency-plugin)
 * @param registry the freeport registry folder of the build's tests
 * @param reports where each leg's reports go ({@code reports-<leg id>}) and the matrix's summary
 */
record MatrixBuild(Path testClasses, Path classes, String classPathBeyondJUnit, Path jars, Path registry, Path reports) {
}
