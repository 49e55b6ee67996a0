package dev.memleak.heap;

import java.time.Duration;

import dev.memleak.core.FailureRecorder;
import dev.memleak.heap.bench.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Replays real notification sequences, captured on JDK 17 and JDK 25 for every collector,
 * through the real tracker and detector.
 */
class FixtureReplayTests {

	private static final DetectionSettings SHORT = new DetectionSettings(Duration.ofMinutes(5), 6,
			Duration.ofSeconds(30), 8L * 1024 * 1024, 0.01);

	@ParameterizedTest
	@ValueSource(strings = { "jdk17-g1-leak", "jdk25-g1-leak", "jdk17-parallel-leak", "jdk25-parallel-leak",
			"jdk17-serial-leak", "jdk25-serial-leak", "jdk17-shenandoah-leak", "jdk25-shenandoah-leak",
			"jdk17-zgc-leak", "jdk25-zgc-leak" })
	void leakIsSuspectedAndItsRateRecovered(String name) {
		GcFixture fixture = GcFixture.load(name);
		LeakVerdict verdict = replay(fixture);
		assertThat(verdict.status()).as(verdict.notes().toString()).isEqualTo(LeakStatus.SUSPECTED);
		// ZGC and Shenandoah count what is allocated during their concurrent cycles.
		double tolerance = (name.contains("zgc") || name.contains("shenandoah")) ? 0.2 : 0.12;
		assertThat(verdict.heap().growthBytesPerSecond()).isCloseTo((double) fixture.leakBytesPerSecond(),
				within(tolerance * fixture.leakBytesPerSecond()));
		// The Serial run ends with its tenured generation full: exhaustion is now.
		assertThat(verdict.heap().projectedExhaustion()).isAfterOrEqualTo(fixture.end());
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk17-g1-steady", "jdk17-g1-plateau", "jdk25-g1-plateau", "jdk17-zgc-steady",
			"jdk25-zgc-steady", "jdk17-shenandoah-steady", "jdk25-shenandoah-steady" })
	void noLeakIsNotSuspected(String name) {
		LeakVerdict verdict = replay(GcFixture.load(name));
		assertThat(verdict.status()).as(verdict.notes().toString()).isIn(LeakStatus.OK, LeakStatus.WATCH);
		if (verdict.status() == LeakStatus.OK) {
			assertThat(verdict.heap().projectedExhaustion()).isNull();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk25-g1-steady", "jdk17-parallel-steady", "jdk25-parallel-steady", "jdk17-serial-steady",
			"jdk25-serial-steady", "jdk17-g1-idle", "jdk25-g1-idle" })
	void tooFewFloorPointsGiveUnknown(String name) {
		LeakVerdict verdict = replay(GcFixture.load(name));
		assertThat(verdict.status()).isEqualTo(LeakStatus.UNKNOWN);
		assertThat(verdict.notes()).anyMatch((note) -> note.startsWith("Not enough data"));
	}

	private static LeakVerdict replay(GcFixture fixture) {
		MutableClock clock = new MutableClock(fixture.events().get(0).at());
		FloorSeries series = new FloorSeries(4096);
		LiveSetTracker tracker = new LiveSetTracker(series, clock, new FailureRecorder(null));
		LeakDetector detector = new LeakDetector(series, SHORT, clock);
		LeakVerdict verdict = null;
		for (GcEvent event : fixture.events()) {
			clock.set(event.at());
			tracker.accept(event);
			verdict = detector.evaluate(tracker.signalNote());
		}
		return verdict;
	}

}
