package dev.memleak.sites;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.memleak.sites.SiteRanking.OldCollections;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leak sites against objects that merely live long, with two old-generation collections
 * observed at T+10 min and T+20 min and the emission at T+25 min.
 */
class SiteRankingTests {

	private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

	private static final OldCollections TWO_COLLECTIONS = new OldCollections(minutes(10), minutes(20));

	private final StackFolding folding = new StackFolding(StackFolding.DEFAULT_FRAMEWORK_PACKAGES, 8);

	@Test
	void aSiteThatKeepsAddingObjectsThatOutliveCollectionsIsALeakSite() {
		List<OldObjectSample> samples = new ArrayList<>();
		// Allocated all along: before both collections, between them, and since.
		for (int minute = 0; minute < 25; minute++) {
			samples.add(sample("com.example.AuditLog", "record", minutes(minute)));
		}
		List<LeakSite> sites = SiteRanking.rank(samples, TWO_COLLECTIONS, this.folding, 10);
		assertThat(sites).singleElement().satisfies((site) -> {
			assertThat(site.leak()).isTrue();
			assertThat(site.samples()).isEqualTo(25);
			assertThat(site.retained()).isEqualTo(20);
			assertThat(site.oldestAllocation()).isEqualTo(T);
			assertThat(site.className()).isEqualTo("[B");
			assertThat(site.stackTrace()).first().isEqualTo("com.example.AuditLog.record(AuditLog.java:10)");
			assertThat(site.applicationFrame()).isEqualTo("com.example.AuditLog.record(AuditLog.java:10)");
		});
	}

	@Test
	void objectsThatExpireBeforeTheNextCollectionAreNoLeak() {
		// Carts that live 4 minutes: the ones alive now were allocated since minute 21,
		// and those alive at the last collection did not outlive the one before.
		List<OldObjectSample> samples = new ArrayList<>();
		for (int minute = 16; minute < 25; minute++) {
			samples.add(sample("com.example.Carts", "touch", minutes(minute)));
		}
		assertThat(SiteRanking.rank(samples, TWO_COLLECTIONS, this.folding, 10)).singleElement().satisfies((site) -> {
			assertThat(site.leak()).isFalse();
			assertThat(site.retained()).isEqualTo(4);
		});
	}

	@Test
	void objectsThatExpireButOutliveCollectionsSecondsApartAreNoLeakWhileALeakSiteInTheSameRecordingIs() {
		// An escalation's own full collections, 30 seconds apart, 20 minutes into the
		// recording. Carts live for as long as they are used again within seconds: some
		// outlive both collections, none is older than a minute.
		OldCollections collections = new OldCollections(seconds(20 * 60 - 30), minutes(20)).recordingSince(T);
		List<OldObjectSample> samples = new ArrayList<>();
		for (int second = 19 * 60; second < 20 * 60 + 20; second += 5) {
			samples.add(sample("com.example.Carts", "touch", seconds(second)));
		}
		for (int second = 0; second < 20 * 60 + 20; second += 20) {
			samples.add(sample("com.example.AuditLog", "record", seconds(second)));
		}
		List<LeakSite> sites = SiteRanking.rank(samples, collections, this.folding, 10);
		assertThat(sites).filteredOn((site) -> site.stackTrace().get(0).startsWith("com.example.Carts"))
			.singleElement()
			.satisfies((site) -> {
				assertThat(site.retained()).isEqualTo(12);
				assertThat(site.oldestAllocation()).isBefore(collections.previous());
				assertThat(site.leak()).isFalse();
			});
		assertThat(sites).filteredOn((site) -> site.stackTrace().get(0).startsWith("com.example.AuditLog"))
			.singleElement()
			.satisfies((site) -> assertThat(site.leak()).isTrue());
	}

	@Test
	void aLeakThatStartsHoursIntoARecordingIsALeakSiteOnceItHeldItsObjectsForHalfAnHour() {
		OldCollections collections = new OldCollections(minutes(179), minutes(180)).recordingSince(T);
		List<OldObjectSample> samples = new ArrayList<>();
		for (int minute = 155; minute < 181; minute++) {
			samples.add(sample("com.example.AuditLog", "record", minutes(minute)));
		}
		assertThat(SiteRanking.rank(samples, collections, this.folding, 10)).singleElement()
			.satisfies((site) -> assertThat(site.leak()).isFalse());
		samples.add(sample("com.example.AuditLog", "record", minutes(150)));
		assertThat(SiteRanking.rank(samples, collections, this.folding, 10)).singleElement()
			.satisfies((site) -> assertThat(site.leak()).isTrue());
	}

	@Test
	void aCacheThatFilledAndStoppedGrowingIsNoLeak() {
		List<OldObjectSample> samples = new ArrayList<>();
		for (int minute = 0; minute < 8; minute++) {
			samples.add(sample("com.example.QuoteCache", "put", minutes(minute)));
		}
		assertThat(SiteRanking.rank(samples, TWO_COLLECTIONS, this.folding, 10)).singleElement().satisfies((site) -> {
			assertThat(site.leak()).isFalse();
			assertThat(site.retained()).isEqualTo(8);
		});
	}

	@Test
	void withoutTwoObservedOldCollectionsNothingIsALeakSite() {
		List<OldObjectSample> samples = new ArrayList<>();
		for (int minute = 0; minute < 25; minute++) {
			samples.add(sample("com.example.AuditLog", "record", minutes(minute)));
		}
		assertThat(SiteRanking.rank(samples, OldCollections.NONE, this.folding, 10)).singleElement()
			.satisfies((site) -> assertThat(site.leak()).isFalse());
		assertThat(SiteRanking.rank(samples, OldCollections.NONE.next(minutes(20)), this.folding, 10)).singleElement()
			.satisfies((site) -> {
				assertThat(site.leak()).isFalse();
				assertThat(site.retained()).isEqualTo(20);
			});
	}

	@Test
	void oldCollectionsKeepTheLastTwoDistinctObservations() {
		OldCollections collections = OldCollections.NONE.next(null).next(minutes(1)).next(minutes(1)).next(null);
		assertThat(collections).isEqualTo(new OldCollections(null, minutes(1)));
		assertThat(collections.next(minutes(5))).isEqualTo(new OldCollections(minutes(1), minutes(5)));
	}

	@Test
	void sitesAreGroupedByClassAndStackAndRankedLeakSitesFirst() {
		List<OldObjectSample> samples = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			samples.add(sample("com.example.Startup", "init", T.plusSeconds(i)));
		}
		samples.add(sample("com.example.AuditLog", "record", minutes(5)));
		samples.add(sample("com.example.AuditLog", "record", minutes(15)));
		samples.add(sample("com.example.AuditLog", "record", minutes(15), "com.example.AuditLog$Entry"));
		List<LeakSite> sites = SiteRanking.rank(samples, TWO_COLLECTIONS, this.folding, 10);
		assertThat(sites).extracting(LeakSite::className, LeakSite::leak, LeakSite::samples)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("[B", true, 2),
					org.assertj.core.groups.Tuple.tuple("[B", false, 30),
					org.assertj.core.groups.Tuple.tuple("com.example.AuditLog$Entry", false, 1));
		assertThat(SiteRanking.rank(samples, TWO_COLLECTIONS, this.folding, 1)).hasSize(1);
	}

	@Test
	void housekeepingWithoutAnApplicationFrameIsNoLeakSite() {
		// Seen in the sample app: idle pool threads parked on their queue hold the node
		// they wait on for as long as they wait, across collections when they come often.
		List<Frame> parked = List.of(
				new Frame("java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject", "await", 1617),
				new Frame("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue", "take", 1177),
				new Frame("java.util.concurrent.ThreadPoolExecutor", "getTask", 1062),
				new Frame("org.apache.tomcat.util.threads.TaskThread$WrappingRunnable", "run", 74),
				new Frame("java.lang.Thread", "run", 840));
		List<OldObjectSample> samples = new ArrayList<>();
		for (int minute = 0; minute < 25; minute++) {
			samples.add(new OldObjectSample("java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionNode",
					minutes(minute), parked, List.of()));
		}
		assertThat(SiteRanking.rank(samples, TWO_COLLECTIONS, this.folding, 10)).singleElement().satisfies((site) -> {
			assertThat(site.retained()).isEqualTo(20);
			assertThat(site.leak()).isFalse();
			assertThat(site.applicationFrame()).isNull();
			assertThat(site.stackTrace()).first()
				.isEqualTo("java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.await("
						+ "AbstractQueuedSynchronizer.java:1617)");
		});
	}

	@Test
	void objectsMemleakAllocatesForItselfAreNoSites() {
		OldObjectSample own = new OldObjectSample("java.time.Instant", minutes(1),
				List.of(new Frame("java.time.Instant", "create", 415),
						new Frame("dev.memleak.snapshot.ClassHistogramSnapshotter", "takeSnapshot", 93)),
				List.of());
		assertThat(SiteRanking.rank(List.of(own, sample("com.example.AuditLog", "record", minutes(2))), TWO_COLLECTIONS,
				this.folding, 10))
			.extracting(LeakSite::className)
			.containsExactly("[B");
	}

	@Test
	void objectsTheEscalationAndTheFootprintAllocateAreNoSites() {
		OldObjectSample bound = new OldObjectSample("dev.memleak.heap.UpperBound", minutes(1),
				List.of(new Frame("dev.memleak.heap.UpperBound", "<init>", 40),
						new Frame("dev.memleak.escalation.EscalationTriggers", "evaluate", 174),
						new Frame("java.lang.Thread", "run", 1583)),
				List.of());
		OldObjectSample lambda = new OldObjectSample(
				"dev.memleak.footprint.FootprintMonitor$$Lambda.0x0000000801234567", minutes(1),
				List.of(new Frame("dev.memleak.footprint.FootprintMonitor", "sample", 80),
						new Frame("java.lang.Thread", "run", 1583)),
				List.of());
		assertThat(SiteRanking.rank(List.of(bound, lambda, sample("com.example.AuditLog", "record", minutes(2))),
				TWO_COLLECTIONS, this.folding, 10))
			.extracting(LeakSite::className)
			.containsExactly("[B");
	}

	@Test
	void aSiteShowsTheReferenceChainOfOneOfItsSamples() {
		OldObjectSample held = new OldObjectSample("[B", minutes(1), frames("com.example.AuditLog", "record"),
				List.of("com.example.AuditLog$Entry.details", "com.example.AuditLog.ENTRIES (static)"));
		List<LeakSite> sites = SiteRanking.rank(List.of(sample("com.example.AuditLog", "record", minutes(2)), held),
				TWO_COLLECTIONS, this.folding, 10);
		assertThat(sites).singleElement()
			.satisfies((site) -> assertThat(site.referenceChain()).containsExactly("com.example.AuditLog$Entry.details",
					"com.example.AuditLog.ENTRIES (static)"));
	}

	private static OldObjectSample sample(String type, String method, Instant allocated) {
		return sample(type, method, allocated, "[B");
	}

	private static OldObjectSample sample(String type, String method, Instant allocated, String className) {
		return new OldObjectSample(className, allocated, frames(type, method), List.of());
	}

	private static List<Frame> frames(String type, String method) {
		return List.of(new Frame(type, method, 10), new Frame("com.example.Controller", "handle", 20),
				new Frame("java.lang.Thread", "run", 1583));
	}

	private static Instant seconds(int seconds) {
		return T.plus(Duration.ofSeconds(seconds));
	}

	private static Instant minutes(int minutes) {
		return T.plus(Duration.ofMinutes(minutes));
	}

}
