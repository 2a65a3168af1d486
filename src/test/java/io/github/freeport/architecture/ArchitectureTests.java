package io.github.freeport.architecture;

import java.util.Set;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** freeport's main classes (not the tests, not the CLI) against the rules of its architecture. */
@AnalyzeClasses(packages = Layer.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule layers = ArchitectureRules.layers();

	@ArchTest
	static final ArchRule noPackageCycles = ArchitectureRules.noPackageCycles(Layer.ROOT, Set.copyOf(Layer.VALUES.holds));

	@ArchTest
	static final ArchRule libraries = ArchitectureRules.libraries();

	@ArchTest
	static final ArchRule noStandardStreams = ArchitectureRules.noStandardStreams();

	@ArchTest
	static final ArchRule loggersNamedAfterTheirPackage = ArchitectureRules.loggersNamedAfterTheirPackage();

	@ArchTest
	static final ArchRule publicTypesMarked = ArchitectureRules.publicTypesMarked();

	@ArchTest
	static final ArchRule noInternalTypesInApiSignatures = ArchitectureRules.noInternalTypesInApiSignatures();
}
