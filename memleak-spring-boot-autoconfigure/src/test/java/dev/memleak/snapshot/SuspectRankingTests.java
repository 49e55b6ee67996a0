package dev.memleak.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SuspectRankingTests {

	private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

	private static final int KIB = 1024;

	private static final double MIN_SHARE = SnapshotSettings.defaults().suspectMinShare();

	private static final String WEAK_ENTRY = "java.lang.invoke.MethodType$ConcurrentWeakInternSet$WeakEntry";

	private static final String THREAD_LOCAL_ENTRY = "java.lang.ThreadLocal$ThreadLocalMap$Entry";

	private final List<HeapSnapshot> history = new ArrayList<>();

	@Test
	void classThatGrowsInEveryIntervalIsASuspectWithItsGrowthPerHour() {
		for (int i = 0; i < 4; i++) {
			hourly(new ClassCount("com.example.Session", 1000 + 100L * i, (1000 + 100L * i) * 64),
					new ClassCount("com.example.Config", 10, 640));
		}
		assertThat(rank(4)).singleElement().satisfies((suspect) -> {
			assertThat(suspect.className()).isEqualTo("com.example.Session");
			assertThat(suspect.instancesGrowth()).isEqualTo(300);
			assertThat(suspect.bytesGrowth()).isEqualTo(300 * 64);
			assertThat(suspect.bytesGrowthPerHour()).isEqualTo(100 * 64);
			assertThat(suspect.snapshots()).isEqualTo(4);
			assertThat(suspect.instances()).isEqualTo(1300);
			assertThat(suspect.bytes()).isEqualTo(1300 * 64);
			assertThat(suspect.since()).isEqualTo(START);
			assertThat(suspect.generic()).isFalse();
			assertThat(suspect.likelyOwners()).isEmpty();
		});
	}

	@Test
	void suspectsAreRankedByBytesGainedPerHour() {
		for (int i = 0; i < 4; i++) {
			hourly(new ClassCount("com.example.Slow", 100 + i, (100 + i) * 32L),
					new ClassCount("com.example.Fast", 100 + 10L * i, (100 + 10L * i) * 32));
		}
		assertThat(rank(4)).extracting(Suspect::className).containsExactly("com.example.Fast", "com.example.Slow");
	}

	@Test
	void growthPerHourFollowsTheClockNotTheNumberOfSnapshots() {
		for (int i = 0; i < 4; i++) {
			add(START.plus(Duration.ofMinutes(10L * i)),
					new ClassCount("com.example.Session", 10 + i, (10 + i) * 100L));
		}
		assertThat(rank(4)).singleElement()
			.satisfies((suspect) -> assertThat(suspect.bytesGrowthPerHour()).isEqualTo(6 * 100));
	}

	@Test
	void cacheThatFillsAndThenPlateausIsNoSuspect() {
		long[] entries = { 500, 1500, 2000, 2000, 2000 };
		for (long count : entries) {
			hourly(new ClassCount("com.example.CachedQuote", count, count * 32));
		}
		assertThat(rank(4)).isEmpty();
		assertThat(rank(5)).isEmpty();
	}

	@Test
	void cacheThatDeceleratesToAlmostFlatIsNoSuspect() {
		long[] entries = { 1000, 1800, 1950, 1960, 1961 };
		for (long count : entries) {
			hourly(new ClassCount("com.example.CachedQuote", count, count * 32));
		}
		assertThat(rank(5)).isEmpty();
	}

	@Test
	void oneJumpIsNoSuspect() {
		long[] counts = { 100, 100, 900, 900 };
		for (long count : counts) {
			hourly(new ClassCount("com.example.Batch", count, count * 48));
		}
		assertThat(rank(4)).isEmpty();
	}

	@Test
	void jumpAtTheEndAfterAFlatStretchIsNoSuspect() {
		long[] counts = { 100, 100, 100, 100, 900 };
		for (long count : counts) {
			hourly(new ClassCount("com.example.Batch", count, count * 48));
		}
		assertThat(rank(5)).isEmpty();
	}

	@Test
	void mostlyRisingGrowthWithOneDipIsStillASuspect() {
		long[] counts = { 100, 200, 180, 300, 400 };
		for (long count : counts) {
			hourly(new ClassCount("com.example.Session", count, count * 48));
		}
		assertThat(rank(5)).extracting(Suspect::className).containsExactly("com.example.Session");
	}

	@Test
	void growthWithTwoDipsInFourIntervalsIsNoSuspect() {
		long[] counts = { 100, 200, 150, 300, 250 };
		for (long count : counts) {
			hourly(new ClassCount("com.example.Session", count, count * 48));
		}
		assertThat(rank(5)).isEmpty();
	}

	@Test
	void arraysAreJudgedByTheirBytesAsTheirInstanceCountIsChurn() {
		// Seen in the sample app with two leaks and carts that expire: byte[] bytes grew
		// by 15 MB per snapshot while its instance count fell, a full collection having
		// cleared soft references.
		long[] instances = { 60_000, 64_000, 52_000, 55_000 };
		for (int i = 0; i < 4; i++) {
			hourly(new ClassCount("[B", instances[i], 40_000_000L + 15_000_000L * i),
					new ClassCount("com.example.Session", instances[i], instances[i] * 32));
		}
		assertThat(rank(4)).singleElement().satisfies((suspect) -> {
			assertThat(suspect.className()).isEqualTo("[B");
			assertThat(suspect.instancesGrowth()).isEqualTo(-5_000);
			assertThat(suspect.bytesGrowth()).isEqualTo(45_000_000L);
			assertThat(suspect.likelyOwners()).isEmpty();
		});
	}

	@Test
	void whenChurnHidesTheOwnerByCountTheClassesThatGrowAlongsideAreNamed() {
		// The sample app with its request leak (an AuditEntry of 32 bytes holding 16 KiB)
		// and its job leak (an ArchivedInvoice holding 256 KiB) under traffic whose small
		// arrays come and go: neither owner gains about as many instances as byte[], and
		// neither gains 256 KB itself.
		long[] arrays = { 60_000, 64_000, 52_000, 55_000 };
		for (int i = 0; i < 4; i++) {
			hourly(new ClassCount("[B", arrays[i], 40_000_000L + 15_000_000L * i),
					new ClassCount("dev.example.AuditEntry", 1000 + 365L * i, (1000 + 365L * i) * 32),
					new ClassCount("dev.example.ArchivedInvoice", 10 + 30L * i, (10 + 30L * i) * 32),
					new ClassCount("dev.example.Flat", 500, 500 * 24));
		}
		List<Suspect> suspects = SuspectRanking.rank(this.history, 4, 256 * KIB, 0);
		assertThat(suspects).extracting(Suspect::className)
			.containsExactly("dev.example.AuditEntry", "dev.example.ArchivedInvoice", "[B");
		assertThat(suspects.get(2).likelyOwners()).containsExactly("dev.example.AuditEntry",
				"dev.example.ArchivedInvoice");
		assertThat(suspects).extracting(Suspect::heldBytesGrowth).containsOnly(0L);
		// They explain a tiny share of the growth themselves: with the default minimum
		// share, byte[] comes first, still naming them.
		assertThat(SuspectRanking.rank(this.history, 4, 256 * KIB, MIN_SHARE)).extracting(Suspect::className)
			.containsExactly("[B", "dev.example.AuditEntry", "dev.example.ArchivedInvoice");
		// Without a significant generic class, small growth alone is no suspect.
		this.history.clear();
		for (int i = 0; i < 4; i++) {
			hourly(new ClassCount("[B", arrays[i], 40_000_000L + 1000L * i),
					new ClassCount("dev.example.AuditEntry", 1000 + 365L * i, (1000 + 365L * i) * 32));
		}
		assertThat(SuspectRanking.rank(this.history, 4, 256 * KIB, 0)).isEmpty();
	}

	@Test
	void aJdkInternalNamedByTimingAlongsideALargeLeakIsListedButNeverTheTopSuspect() {
		// byte[] held directly (a List<byte[]>), with no application class growing: the
		// only class growing alongside is the JDK's interned method types, +11 instances.
		for (int i = 0; i < 4; i++) {
			hourly(new ClassCount("[B", 60_000 + 100L * i, 40_000_000L + 15_000_000L * i),
					new ClassCount(WEAK_ENTRY, 200 + 4L * i, (200 + 4L * i) * 32));
		}
		List<Suspect> suspects = SuspectRanking.rank(this.history, 4, 256 * KIB, MIN_SHARE);
		assertThat(suspects).extracting(Suspect::className).containsExactly("[B", WEAK_ENTRY);
		assertThat(suspects.get(0).likelyOwners()).containsExactly(WEAK_ENTRY);
		// Without the rule, it tops them.
		assertThat(SuspectRanking.rank(this.history, 4, 256 * KIB, 0)).extracting(Suspect::className)
			.containsExactly(WEAK_ENTRY, "[B");
	}

	@Test
	void aClassExplainingLessThanTheMinimumShareOfTheGrowthIsNoSuspect() {
		// ThreadLocalMap entries gain 512 KB steadily (over suspect-min-growth),
		// the audit entries and their arrays 160 MB: 0.3% of the growth.
		for (int i = 0; i < 4; i++) {
			long entries = 1000 + 3300L * i;
			hourly(new ClassCount("[B", 40_000 + entries, 2_000_000 + entries * 16 * KIB),
					new ClassCount("dev.example.AuditEntry", entries, entries * 32),
					new ClassCount(THREAD_LOCAL_ENTRY, 1000 + 5461L * i, (1000 + 5461L * i) * 32));
		}
		assertThat(SuspectRanking.rank(this.history, 4, 256 * KIB, MIN_SHARE)).extracting(Suspect::className)
			.containsExactly("dev.example.AuditEntry", "[B");
		assertThat(SuspectRanking.rank(this.history, 4, 256 * KIB, 0)).extracting(Suspect::className)
			.containsExactly("dev.example.AuditEntry", THREAD_LOCAL_ENTRY, "[B");
		// With a lower minimum share (0.2%), it is a suspect again.
		assertThat(SuspectRanking.rank(this.history, 4, 256 * KIB, 0.002)).extracting(Suspect::className)
			.containsExactly("dev.example.AuditEntry", THREAD_LOCAL_ENTRY, "[B");
	}

	@Test
	void classMissingFromOneSnapshotIsNotCompared() {
		hourly(new ClassCount("com.example.Session", 100, 3200));
		hourly(new ClassCount("com.example.Other", 1, 16));
		hourly(new ClassCount("com.example.Session", 300, 9600));
		hourly(new ClassCount("com.example.Session", 400, 12800));
		assertThat(rank(4)).isEmpty();
	}

	@Test
	void noSuspectsBeforeKCompletedSnapshots() {
		for (int i = 0; i < 3; i++) {
			hourly(new ClassCount("com.example.Session", 100 + 100L * i, (100 + 100L * i) * 32));
		}
		this.history.add(HeapSnapshot.notTaken(START.plus(Duration.ofHours(3)), SnapshotTrigger.SCHEDULED,
				SnapshotMode.LIVE, SnapshotStatus.FAILED, Duration.ZERO, "boom"));
		assertThat(rank(4)).isEmpty();
		assertThat(rank(3)).hasSize(1);
	}

	@Test
	void onlySnapshotsOfTheLatestModeAreCompared() {
		for (int i = 0; i < 3; i++) {
			hourly(new ClassCount("com.example.Session", 100 + 100L * i, (100 + 100L * i) * 32));
		}
		this.history
			.add(HeapSnapshot.completed(START.plus(Duration.ofHours(3)), SnapshotTrigger.ON_DEMAND, SnapshotMode.ALL,
					Duration.ofMillis(5), histogram(new ClassCount("com.example.Session", 400, 12800)), null));
		assertThat(rank(3)).isEmpty();
	}

	@Test
	void anApplicationClassGrowingAlongsideExplainsByteArraysBeforeAJdkClassWithAsManyNewInstances() {
		// Seen in DiagnosisIT: while the JIT warmed up, its lambda forms gained about as
		// many instances as byte[] did, the leaking entry (one per array, but the arrays'
		// churn hides the count) five times fewer.
		String lambdaForm = "java.lang.invoke.LambdaForm$Name";
		for (int i = 0; i < 4; i++) {
			hourly(new ClassCount("[B", 60_000 + 2000L * i, 40_000_000L + 15_000_000L * i),
					new ClassCount(lambdaForm, 5000 + 2000L * i, (5000 + 2000L * i) * 40),
					new ClassCount("dev.example.AuditEntry", 1000 + 400L * i, (1000 + 400L * i) * 32));
		}
		List<Suspect> suspects = SuspectRanking.rank(this.history, 4, 256 * KIB, MIN_SHARE);
		assertThat(suspects.get(0).className()).isNotEqualTo(lambdaForm);
		Suspect arrays = suspects.stream().filter((suspect) -> suspect.className().equals("[B")).findFirst().get();
		assertThat(arrays.likelyOwners()).first().isEqualTo("dev.example.AuditEntry");
		assertThat(suspects).filteredOn((suspect) -> suspect.className().equals(lambdaForm))
			.extracting(Suspect::heldBytesGrowth)
			.containsOnly(0L);
	}

	@Test
	void growingByteArraysRankAfterTheApplicationClassThatHoldsThem() {
		for (int i = 0; i < 4; i++) {
			long entries = 1000 + 500L * i;
			hourly(new ClassCount("[B", 40_000 + entries, 2_000_000 + entries * 16 * KIB),
					new ClassCount("java.lang.String", 30_000 + entries * 3, 720_000 + entries * 72),
					new ClassCount("dev.example.AuditEntry", entries, entries * 32),
					new ClassCount("dev.example.Unrelated", 10 + 100L * i, (10 + 100L * i) * 24));
		}
		List<Suspect> suspects = rank(4);
		assertThat(suspects).extracting(Suspect::className)
			.containsExactly("dev.example.AuditEntry", "dev.example.Unrelated", "[B", "java.lang.String");
		assertThat(suspects.get(2).generic()).isTrue();
		assertThat(suspects.get(2).bytesGrowthPerHour()).isEqualTo(500 * 16 * KIB);
		assertThat(suspects.get(2).likelyOwners()).containsExactly("dev.example.AuditEntry");
		assertThat(suspects.get(3).likelyOwners()).containsExactly("dev.example.AuditEntry");
		Suspect entry = suspects.get(0);
		assertThat(entry.likelyOwners()).isEmpty();
		assertThat(entry.bytesGrowth()).isEqualTo(1500 * 32);
		assertThat(entry.heldBytesGrowth()).isEqualTo(suspects.get(2).bytesGrowth() + suspects.get(3).bytesGrowth())
			.isEqualTo(1500 * 16 * KIB + 1500 * 72);
	}

	@Test
	void smallGrowthIsNoSuspectUnlessItHoldsLargeGrowth() {
		for (int i = 0; i < 4; i++) {
			long entries = 100 + 100L * i;
			hourly(new ClassCount("[B", 5000 + entries, 500_000 + entries * 4 * KIB),
					new ClassCount("dev.example.Entry", entries, entries * 32),
					new ClassCount("dev.example.Fluctuating", 1000 + 10L * i, (1000 + 10L * i) * 64));
		}
		List<Suspect> suspects = SuspectRanking.rank(this.history, 4, 1024 * KIB, 0);
		assertThat(suspects).extracting(Suspect::className).containsExactly("dev.example.Entry", "[B");
		assertThat(suspects.get(0).bytesGrowth()).isEqualTo(300 * 32);
		assertThat(suspects.get(0).heldBytesGrowth()).isEqualTo(300 * 4 * KIB);
		assertThat(SuspectRanking.rank(this.history, 4, 2048 * KIB, 0)).isEmpty();
	}

	@Test
	void ownersThatAreNotSignificantThemselvesAreNotListed() {
		for (int i = 0; i < 4; i++) {
			long entries = 100 + 100L * i;
			hourly(new ClassCount("[B", 5000 + entries, 500_000 + entries * 4 * KIB),
					new ClassCount("dev.example.Entry", entries, entries * 32),
					new ClassCount("dev.example.Twin", entries + 1, (entries + 1) * 32));
		}
		List<Suspect> suspects = SuspectRanking.rank(this.history, 4, 1024 * KIB, 0);
		assertThat(suspects).extracting(Suspect::className).containsExactly("dev.example.Entry", "[B");
		assertThat(suspects.get(1).likelyOwners()).containsExactly("dev.example.Entry");
	}

	@Test
	void netGainSmallerThanTwiceTheLargestDropIsNoise() {
		long[] counts = { 100, 140, 100, 141, 145 };
		for (long count : counts) {
			hourly(new ClassCount("com.example.Request", count, count * 100));
		}
		assertThat(rank(5)).isEmpty();
	}

	@Test
	void growingByteArraysWithoutAnOwnerAreStillReported() {
		for (int i = 0; i < 4; i++) {
			hourly(new ClassCount("[B", 100 + 10L * i, (100 + 10L * i) * KIB));
		}
		assertThat(rank(4)).singleElement().satisfies((suspect) -> {
			assertThat(suspect.generic()).isTrue();
			assertThat(suspect.likelyOwners()).isEmpty();
		});
	}

	@Test
	void memleaksOwnBoundedStoresAreNoSuspectsButApplicationClassesInItsPackagesAre() {
		for (int i = 0; i < 4; i++) {
			hourly(new ClassCount("dev.memleak.snapshot.ClassCount", 300L * (i + 1), 9600L * (i + 1)),
					new ClassCount("[Ldev.memleak.snapshot.HeapSnapshot;", i + 1L, 32L * (i + 1)),
					new ClassCount("dev.memleak.snapshot.ManualClock", 10L * (i + 1), 160L * (i + 1)),
					new ClassCount("dev.memleak.sample.AuditLog$AuditEntry", 10L * (i + 1), 320L * (i + 1)),
					// memleak's own lambdas, as JDK 17 and later JDKs name them
					new ClassCount("dev.memleak.snapshot.SuspectRanking$$Lambda$123/0x0000000800c0b000", 100L * (i + 1),
							1600L * (i + 1)),
					new ClassCount("dev.memleak.snapshot.SuspectRanking$$Lambda/0x0000000801234567", 100L * (i + 1),
							1600L * (i + 1)),
					new ClassCount("dev.memleak.snapshot.ManualClock$$Lambda/0x0000000801234568", i + 1L,
							16L * (i + 1)));
		}
		assertThat(rank(4)).extracting(Suspect::className)
			.containsExactly("dev.memleak.sample.AuditLog$AuditEntry", "dev.memleak.snapshot.ManualClock",
					"dev.memleak.snapshot.ManualClock$$Lambda/0x0000000801234568");
	}

	@Test
	void recognisesGenericClasses() {
		assertThat(GenericClasses.isGeneric("[B")).isTrue();
		assertThat(GenericClasses.isGeneric("[[I")).isTrue();
		assertThat(GenericClasses.isGeneric("[Ljava.lang.Object;")).isTrue();
		assertThat(GenericClasses.isGeneric("[[Ljava.lang.String;")).isTrue();
		assertThat(GenericClasses.isGeneric("java.util.HashMap$Node")).isTrue();
		assertThat(GenericClasses.isGeneric("[Ljava.util.concurrent.ConcurrentHashMap$Node;")).isTrue();
		assertThat(GenericClasses.isGeneric("java.util.ImmutableCollections$ListN")).isTrue();
		assertThat(GenericClasses.isGeneric("java.lang.Class")).isFalse();
		assertThat(GenericClasses.isGeneric("java.lang.Thread")).isFalse();
		assertThat(GenericClasses.isGeneric("[Ldev.example.AuditEntry;")).isFalse();
		assertThat(GenericClasses.isGeneric("dev.example.Foo$$Lambda/0x0000000801234567")).isFalse();
		assertThat(GenericClasses.isGeneric("[")).isFalse();
	}

	@Test
	void mostlyMeansTwoThirdsOfTheIntervalsRoundedUp() {
		assertThat(SuspectRanking.minRisingIntervals(2)).isEqualTo(2);
		assertThat(SuspectRanking.minRisingIntervals(3)).isEqualTo(2);
		assertThat(SuspectRanking.minRisingIntervals(4)).isEqualTo(3);
		assertThat(SuspectRanking.minRisingIntervals(6)).isEqualTo(4);
	}

	private List<Suspect> rank(int minSnapshots) {
		return SuspectRanking.rank(this.history, minSnapshots, 0, 0);
	}

	private void hourly(ClassCount... classes) {
		add(START.plus(Duration.ofHours(this.history.size())), classes);
	}

	private void add(Instant time, ClassCount... classes) {
		this.history.add(HeapSnapshot.completed(time, SnapshotTrigger.SCHEDULED, SnapshotMode.LIVE,
				Duration.ofMillis(10), histogram(classes), null));
	}

	private static ClassHistogram histogram(ClassCount... classes) {
		return new ClassHistogram(List.of(classes), 0, 0, classes.length);
	}

}
