package io.github.freeport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reserving frame: the first caller outside freeport, and the rate at which a thread records it. */
class ReservingFrameTests {

	@Test
	void namesTheFirstCallerOutsideFreeportAsClassMethodFileAndLine() {
		ReservingFrame frame = ReservingFrame.capture(); StackTraceElement here = new Throwable().getStackTrace()[0];

		assertThat(frame).hasToString(getClass().getName() + ".namesTheFirstCallerOutsideFreeportAsClassMethodFileAndLine("
				+ "ReservingFrameTests.java:" + here.getLineNumber() + ")");
	}

	@Test
	void aTestClassInFreeportsPackagesIsNotFreeport() {
		assertThat(ReservingFrame.capture().toString()).startsWith(getClass().getName() + ".");
	}

	@Test
	void aThreadRecordsABurstThenOneFrameAMillisecond() {
		ReservingFrame.Budget budget = new ReservingFrame.Budget(1);
		long now = 1_000_000_000L;
		for (int i = 0; i < ReservingFrame.BURST; i++) {
			assertThat(budget.spend(now)).as("walk %d of the burst", i + 1).isTrue();
		}
		assertThat(budget.spend(now)).as("over the burst").isFalse();
		assertThat(budget.spend(now + 999_999)).as("less than a millisecond later").isFalse();
		assertThat(budget.spend(now + 1_000_000)).as("a millisecond later").isTrue();
		assertThat(budget.spend(now + 1_000_000)).as("twice in that millisecond").isFalse();
		assertThat(budget.spend(now + 2_000_000_000L)).as("after a quiet second").isTrue();
	}

	@Test
	void aNegativeClockStartsABudgetAsWell() {
		ReservingFrame.Budget budget = new ReservingFrame.Budget(1);
		assertThat(budget.spend(Long.MIN_VALUE + 5)).isTrue();
		assertThat(budget.spend(Long.MIN_VALUE + 6)).isTrue();
	}
}
