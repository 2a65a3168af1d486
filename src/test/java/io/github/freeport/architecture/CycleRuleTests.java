package io.github.freeport.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The package-cycle rule that {@link ArchitectureTests} applies to freeport, applied to a small fixture
 * ({@code cyclefixture}) whose packages {@code tickets} and {@code seats} import each other: it must fail,
 * naming both, or it would pass on freeport for nothing.
 */
class CycleRuleTests {

	private static final String FIXTURE = "io.github.freeport.architecture.cyclefixture";

	@Test
	void aCycleBetweenTwoPackagesFailsTheRule() {
		JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);
		assertThat(fixture.contain(FIXTURE + ".tickets.Ticket")).as("the fixture was imported").isTrue();
		assertThatThrownBy(() -> ArchitectureRules.noPackageCycles(FIXTURE, Set.of()).check(fixture))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("Cycle detected")
			.hasMessageContaining(FIXTURE + ".tickets")
			.hasMessageContaining(FIXTURE + ".seats");
	}
}
