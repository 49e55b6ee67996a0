package dev.memleak.sample;

import java.time.Duration;
import java.util.List;

import dev.memleak.snapshot.ClassCount;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.HeapSnapshot;
import dev.memleak.snapshot.SnapshotStatus;
import dev.memleak.snapshot.Suspect;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bounded quote cache of the sample app, with a snapshot every second: once the cache
 * is full, its entry class is in every snapshot but never a suspect, although new symbols
 * keep replacing old entries.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.cache.enabled=true", "sample.cache.max-entries=400", "sample.job.interval=1h",
				"memleak.snapshot.interval=1s", "memleak.snapshot.initial-delay=0s", "memleak.snapshot.jitter=0s" })
@DirtiesContext
class CachePlateauScenarioTests {

	private static final String CACHED_QUOTE = "dev.memleak.sample.QuoteCache$CachedQuote";

	@LocalServerPort
	int port;

	@Autowired
	ClassHistogramSnapshotter snapshotter;

	@Autowired
	QuoteCache cache;

	private SnapshotCounter snapshots;

	@BeforeEach
	void countSnapshots() {
		this.snapshots = new SnapshotCounter(this.snapshotter);
	}

	@Test
	void cacheEntryIsNoSuspectOnceTheCacheIsFull() throws Exception {
		try (Load load = new Load(this.port, (n) -> "/quotes/S" + n, 3)) {
			// Symbols in turn: 400 quote requests fill it.
			Progress.until("a full cache", Duration.ofMillis(50), () -> assertThat(this.cache.size()).isEqualTo(400),
					Progress.budget("requests", load::sent, 4000));
			// The snapshot running now may predate the fill; the next ones see a full
			// cache. The snapshots are the progress: only the safety limit bounds them.
			int full = this.snapshots.completed();
			await().atMost(Progress.SAFETY_LIMIT).until(() -> this.snapshots.completed() >= full + 3);
			int checkedFrom = this.snapshots.completed();
			long deadline = System.nanoTime() + Progress.SAFETY_LIMIT.toNanos();
			while (this.snapshots.completed() < checkedFrom + 5) {
				assertThat(this.snapshotter.suspects()).extracting(Suspect::className).doesNotContain(CACHED_QUOTE);
				assertThat(System.nanoTime() - deadline).as("five more snapshots within " + Progress.SAFETY_LIMIT)
					.isNegative();
				Thread.sleep(20);
			}
			assertThat(load.sent()).isGreaterThan(1000);
			assertThat(load.failed()).isZero();
		}
		// Histograms count the whole JVM: other test contexts alive in this JVM may hold
		// cached quotes of their own, so the count is flat rather than exactly 400.
		List<HeapSnapshot> history = this.snapshotter.history();
		List<HeapSnapshot> last = history.subList(history.size() - 4, history.size());
		assertThat(last).allSatisfy((snapshot) -> assertThat(snapshot.status()).isEqualTo(SnapshotStatus.COMPLETED));
		assertThat(last).extracting((snapshot) -> instances(snapshot))
			.allSatisfy((count) -> assertThat(count).isGreaterThanOrEqualTo(400).isEqualTo(instances(last.get(0))));
	}

	private static long instances(HeapSnapshot snapshot) {
		return snapshot.classes()
			.stream()
			.filter((count) -> count.className().equals(CACHED_QUOTE))
			.mapToLong(ClassCount::instances)
			.sum();
	}

}
