package dev.memleak.footprint;

import java.util.Random;
import java.util.function.IntToDoubleFunction;

import dev.memleak.heap.LeakStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The judge on synthetic series sampled every 15 seconds, with the default settings.
 */
class GrowthJudgeTests {

	private static final double MIB = 1024 * 1024;

	private static final double MIN_PER_HOUR = 32 * MIB;

	private final GrowthJudge judge = new GrowthJudge(FootprintSettings.defaults());

	private final Random random = new Random(42);

	@Test
	void aSteadyLeakIsSuspectedAfterTheMinimumDurationWithItsRate() {
		// 1 MiB/s over 200 MiB of noise-free base, with 2 MiB of noise.
		IntToDoubleFunction leak = (i) -> 200 * MIB + i * 15 * MIB + this.random.nextGaussian() * 2 * MIB;
		GrowthJudge.Judgement judgement = this.judge.judge(series(25, leak), MIN_PER_HOUR, LeakStatus.UNKNOWN);
		assertThat(judgement.status()).isEqualTo(LeakStatus.SUSPECTED);
		assertThat(judgement.perHour()).isCloseTo(3600 * MIB, within(0.05 * 3600 * MIB));
		assertThat(judgement.reason()).isEqualTo("grows steadily");
	}

	@Test
	void aLeakObservedForLessThanTheMinimumDurationIsWatched() {
		GrowthJudge.Judgement judgement = this.judge.judge(series(13, (i) -> i * 15 * MIB), MIN_PER_HOUR,
				LeakStatus.UNKNOWN);
		assertThat(judgement.status()).isEqualTo(LeakStatus.WATCH);
		assertThat(judgement.reason()).contains("a leak is suspected after 300 s");
	}

	@Test
	void aWarmUpThatLevelsOffIsNeverSuspected() {
		// Metaspace after startup: 80 MiB approached with a time constant of 2 minutes.
		IntToDoubleFunction warmUp = (i) -> 80 * MIB * (1 - Math.exp(-i * 15 / 120.0))
				+ this.random.nextGaussian() * MIB / 4;
		for (int n = 12; n <= 120; n++) {
			assertThat(this.judge.judge(series(n, warmUp), MIN_PER_HOUR, LeakStatus.UNKNOWN).status())
				.as("%d samples", n)
				.isNotEqualTo(LeakStatus.SUSPECTED);
		}
	}

	@Test
	void aPoolThatFillsAndStaysIsNeverSuspected() {
		// Threads: 10, growing by 5 every 15 s to 50 as the load rises, then steady.
		IntToDoubleFunction pool = (i) -> Math.min(50, 10 + 5 * i);
		for (int n = 12; n <= 120; n++) {
			assertThat(this.judge.judge(series(n, pool), 60, LeakStatus.UNKNOWN).status()).as("%d samples", n)
				.isNotEqualTo(LeakStatus.SUSPECTED);
		}
	}

	@Test
	void aSingleJumpIsNotALeak() {
		IntToDoubleFunction jump = (i) -> ((i < 20) ? 100 * MIB : 200 * MIB) + this.random.nextGaussian() * MIB;
		assertThat(this.judge.judge(series(40, jump), MIN_PER_HOUR, LeakStatus.UNKNOWN).status()).isIn(LeakStatus.OK,
				LeakStatus.WATCH);
	}

	@Test
	void noiseAroundAFlatLevelIsOk() {
		IntToDoubleFunction flat = (i) -> 100 * MIB + this.random.nextGaussian() * 4 * MIB;
		GrowthJudge.Judgement judgement = this.judge.judge(series(120, flat), MIN_PER_HOUR, LeakStatus.UNKNOWN);
		assertThat(judgement.status()).isEqualTo(LeakStatus.OK);
		assertThat(this.judge.judge(series(30, (i) -> 5), 60, LeakStatus.UNKNOWN))
			.isEqualTo(new GrowthJudge.Judgement(LeakStatus.OK, 0.0, 0.0, "flat"));
	}

	@Test
	void significantGrowthBelowTheMinimumIsOk() {
		// 8 MiB/h, perfectly steady: significant, but below 32 MiB/h.
		IntToDoubleFunction slow = (i) -> 100 * MIB + i * 8 * MIB / 240;
		assertThat(this.judge.judge(series(120, slow), MIN_PER_HOUR, LeakStatus.UNKNOWN).status())
			.isEqualTo(LeakStatus.OK);
	}

	@Test
	void aSuspectedLeakStaysSuspectedWhileItKeepsGrowingAtHalfTheMinimum() {
		// 20 MiB/h: above half the minimum, below the minimum.
		IntToDoubleFunction slower = (i) -> 100 * MIB + i * 20 * MIB / 240 + this.random.nextGaussian() * MIB / 8;
		assertThat(this.judge.judge(series(60, slower), MIN_PER_HOUR, LeakStatus.SUSPECTED).status())
			.isEqualTo(LeakStatus.SUSPECTED);
		assertThat(this.judge.judge(series(60, slower), MIN_PER_HOUR, LeakStatus.OK).status())
			.isEqualTo(LeakStatus.WATCH);
	}

	@Test
	void shrinkingIsOk() {
		assertThat(this.judge.judge(series(40, (i) -> 500 * MIB - i * MIB), MIN_PER_HOUR, LeakStatus.UNKNOWN).status())
			.isEqualTo(LeakStatus.OK);
	}

	@Test
	void tooFewSamplesIsUnknown() {
		GrowthJudge.Judgement judgement = this.judge.judge(series(11, (i) -> i * 15 * MIB), MIN_PER_HOUR,
				LeakStatus.UNKNOWN);
		assertThat(judgement.status()).isEqualTo(LeakStatus.UNKNOWN);
		assertThat(judgement.reason()).isEqualTo("not enough samples yet (11 of 12)");
	}

	private static SampleRing.Window series(int n, IntToDoubleFunction value) {
		SampleRing ring = new SampleRing(n);
		for (int i = 0; i < n; i++) {
			ring.add(1_700_000_000_000L + i * 15_000L, value.applyAsDouble(i));
		}
		return ring.since(0);
	}

}
