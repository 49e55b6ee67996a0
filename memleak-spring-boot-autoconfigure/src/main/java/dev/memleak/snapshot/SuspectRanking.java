package dev.memleak.snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Finds the classes that keep growing across the last K completed snapshots of the same
 * mode ({@code memleak.snapshot.suspect-min-snapshots}) and ranks them by bytes gained,
 * the application's own classes before generic ones.
 * <p>
 * A class is a suspect when it is among the kept classes of all K snapshots, and
 * <ul>
 * <li>it has more bytes in the last snapshot than in the first, and more instances unless
 * it is an array class: the instance count of {@code byte[]} or {@code Object[]} is
 * swamped by the churn of small arrays (and drops when a full collection clears soft
 * references), while their bytes follow the large ones a leak holds;</li>
 * <li>its bytes rose in at least two thirds of the K-1 intervals (mostly monotonic), and
 * its net gain is at least twice its largest drop (a trend, not noise);</li>
 * <li>it still grew in the later half of the window, at no less than a quarter of its
 * rate in the earlier half. A cache that filled up and stopped, or a one-off jump, fails
 * this test;</li>
 * <li>it gained at least {@code memleak.snapshot.suspect-min-growth} bytes, counting for
 * an application class the growth of the generic classes ({@code byte[]}, ...) it is the
 * likeliest owner of: a leaking entry of 32 bytes that holds a 16 KiB array is measured
 * by both; or it is named, by timing, as a likely owner of a generic suspect whose own
 * count matches no application class;</li>
 * <li>it explains at least {@code memleak.snapshot.suspect-min-share} of the growth of
 * all the classes that passed the tests above (counted the same way), or it is named by
 * timing as above. A class named by timing that explains less ranks after every class
 * that explains enough: a JDK internal that gains a few instances while a leak grows
 * (interned method types, thread-local entries) never tops the suspects.</li>
 * </ul>
 * memleak's own classes are never suspects (see {@link OwnClasses}).
 *
 * @author memleak
 */
final class SuspectRanking {

	private static final double MOSTLY_RISING = 2.0 / 3.0;

	private static final double MIN_LATE_RATE_FRACTION = 0.25;

	private static final int MIN_NET_TO_DROP_RATIO = 2;

	private static final double OWNER_RATIO = 4.0;

	private static final int MAX_OWNERS = 3;

	private static final Comparator<Suspect> RANKING = Comparator.comparing(Suspect::generic)
		.thenComparing(Comparator.comparingLong(Suspect::rankingGrowth).reversed())
		.thenComparing(Suspect::className);

	private SuspectRanking() {
	}

	/**
	 * Rank the suspects of a history.
	 * @param history snapshots, oldest first, of any status and mode
	 * @param minSnapshots K, the number of completed snapshots compared
	 * @param minGrowthBytes the least bytes a suspect gains over the K snapshots
	 * @param minShare the least share of the growth of all growing classes a suspect
	 * explains
	 * @return the suspects, the strongest first; empty with fewer than K snapshots
	 */
	static List<Suspect> rank(List<HeapSnapshot> history, int minSnapshots, long minGrowthBytes, double minShare) {
		List<HeapSnapshot> window = window(history, minSnapshots);
		if (window.isEmpty()) {
			return List.of();
		}
		List<Map<String, ClassCount>> byName = new ArrayList<>(window.size());
		for (HeapSnapshot snapshot : window) {
			Map<String, ClassCount> classes = new HashMap<>(snapshot.classes().size() * 2);
			snapshot.classes().forEach((count) -> classes.put(count.className(), count));
			byName.add(classes);
		}
		List<Suspect> candidates = new ArrayList<>();
		for (ClassCount latest : window.get(window.size() - 1).classes()) {
			ClassCount[] series = series(latest.className(), byName);
			Suspect suspect = (series != null) ? evaluate(series, window) : null;
			if (suspect != null && !OwnClasses.isOwn(suspect.className())) {
				candidates.add(suspect);
			}
		}
		long allGrowth = candidates.stream().mapToLong(Suspect::bytesGrowth).sum();
		long leastShare = (long) Math.ceil(minShare * allGrowth);
		Set<String> ownedByTiming = new HashSet<>();
		return significant(withOwnership(candidates, ownedByTiming), minGrowthBytes, leastShare, ownedByTiming);
	}

	/**
	 * Return the number of rising intervals a suspect needs.
	 * @param intervals the number of intervals, K-1
	 * @return at least two thirds of them, rounded up
	 */
	static int minRisingIntervals(int intervals) {
		return (int) Math.ceil(intervals * MOSTLY_RISING - 1e-9);
	}

	private static List<HeapSnapshot> window(List<HeapSnapshot> history, int minSnapshots) {
		HeapSnapshot last = null;
		for (HeapSnapshot snapshot : history) {
			if (snapshot.isCompleted()) {
				last = snapshot;
			}
		}
		if (last == null) {
			return List.of();
		}
		SnapshotMode mode = last.mode();
		List<HeapSnapshot> comparable = history.stream()
			.filter((snapshot) -> snapshot.isCompleted() && snapshot.mode() == mode)
			.toList();
		return (comparable.size() < minSnapshots) ? List.of()
				: comparable.subList(comparable.size() - minSnapshots, comparable.size());
	}

	private static ClassCount @Nullable [] series(String className, List<Map<String, ClassCount>> byName) {
		ClassCount[] series = new ClassCount[byName.size()];
		for (int i = 0; i < series.length; i++) {
			series[i] = byName.get(i).get(className);
			if (series[i] == null) {
				return null;
			}
		}
		return series;
	}

	private static @Nullable Suspect evaluate(ClassCount[] series, List<HeapSnapshot> window) {
		int last = series.length - 1;
		long bytesGrowth = series[last].bytes() - series[0].bytes();
		long instancesGrowth = series[last].instances() - series[0].instances();
		boolean array = series[last].className().startsWith("[");
		if (bytesGrowth <= 0 || (!array && instancesGrowth <= 0)) {
			return null;
		}
		int rising = 0;
		long largestDrop = 0;
		for (int i = 1; i <= last; i++) {
			long step = series[i].bytes() - series[i - 1].bytes();
			rising += (step > 0) ? 1 : 0;
			largestDrop = Math.max(largestDrop, -step);
		}
		if (rising < minRisingIntervals(last) || bytesGrowth < MIN_NET_TO_DROP_RATIO * largestDrop) {
			return null;
		}
		int middle = series.length / 2;
		double earlyRate = rate(series[0].bytes(), series[middle].bytes(), window.get(0), window.get(middle));
		double lateRate = rate(series[middle].bytes(), series[last].bytes(), window.get(middle), window.get(last));
		if (lateRate <= 0 || lateRate < MIN_LATE_RATE_FRACTION * earlyRate
				|| (!array && series[last].instances() <= series[middle].instances())) {
			return null;
		}
		long millis = Math.max(1, millisBetween(window.get(0), window.get(last)));
		long perHour = (long) (bytesGrowth * (double) Duration.ofHours(1).toMillis() / millis);
		return new Suspect(series[last].className(), instancesGrowth, bytesGrowth, series.length, rising, perHour, 0,
				series[last].instances(), series[last].bytes(), window.get(0).time(),
				GenericClasses.isGeneric(series[last].className()), List.of());
	}

	private static double rate(long fromBytes, long toBytes, HeapSnapshot from, HeapSnapshot to) {
		return (toBytes - fromBytes) / (double) Math.max(1, millisBetween(from, to));
	}

	private static long millisBetween(HeapSnapshot from, HeapSnapshot to) {
		return Duration.between(from.time(), to.time()).toMillis();
	}

	// Generic suspects name their likely owners; the likeliest owner is credited with
	// their growth. When no application class gained about as many instances (the churn
	// of small arrays hides the count), the application classes that kept growing over
	// the same snapshots are named instead, the application's before the JDK's and most
	// instances gained first, and credited with nothing: they grow alongside, which is
	// all a histogram can tell.
	private static List<Suspect> withOwnership(List<Suspect> candidates, Set<String> ownedByTiming) {
		List<Suspect> specific = candidates.stream().filter((suspect) -> !suspect.generic()).toList();
		Map<String, Long> held = new HashMap<>();
		List<Suspect> result = new ArrayList<>(candidates.size());
		for (Suspect suspect : candidates) {
			if (suspect.generic()) {
				List<String> owners = likelyOwners(suspect, specific);
				List<String> alongside = growingAlongside(specific);
				// An application class growing alongside explains it before a JDK class
				// that gained about as many instances.
				boolean byCount = !owners.isEmpty()
						&& (!GenericClasses.isJdk(owners.get(0)) || alongside.stream().allMatch(GenericClasses::isJdk));
				if (byCount) {
					held.merge(owners.get(0), suspect.bytesGrowth(), Long::sum);
				}
				else {
					owners = alongside;
					if (!owners.isEmpty()) {
						ownedByTiming.add(suspect.className());
					}
				}
				result.add(suspect.withOwnership(0, owners));
			}
			else {
				result.add(suspect);
			}
		}
		result.replaceAll((suspect) -> suspect.generic() ? suspect
				: suspect.withOwnership(held.getOrDefault(suspect.className(), 0L), List.of()));
		return result;
	}

	// A generic suspect that is significant makes the application classes it names by
	// timing suspects too, however small their own growth: a 32-byte entry holding a
	// 256 KiB document gains little itself. They rank after the significant ones.
	private static List<Suspect> significant(List<Suspect> candidates, long minGrowthBytes, long leastShare,
			Set<String> ownedByTiming) {
		Set<String> explaining = candidates.stream()
			.filter((suspect) -> suspect.rankingGrowth() >= leastShare)
			.map(Suspect::className)
			.collect(Collectors.toSet());
		Set<String> names = candidates.stream()
			.filter((suspect) -> suspect.rankingGrowth() >= minGrowthBytes && explaining.contains(suspect.className()))
			.map(Suspect::className)
			.collect(Collectors.toCollection(HashSet::new));
		for (Suspect suspect : candidates) {
			if (names.contains(suspect.className()) && ownedByTiming.contains(suspect.className())) {
				names.addAll(suspect.likelyOwners());
			}
		}
		List<Suspect> kept = candidates.stream()
			.filter((suspect) -> names.contains(suspect.className()))
			.collect(Collectors.toCollection(ArrayList::new));
		kept.replaceAll((suspect) -> suspect.generic()
				? suspect.withOwnership(0, suspect.likelyOwners().stream().filter(names::contains).toList()) : suspect);
		kept.sort(Comparator.comparing((Suspect suspect) -> !explaining.contains(suspect.className()))
			.thenComparing(RANKING));
		return kept;
	}

	private static List<String> growingAlongside(List<Suspect> specific) {
		return specific.stream()
			.sorted(Comparator.comparing((Suspect suspect) -> GenericClasses.isJdk(suspect.className()))
				.thenComparing(Comparator.comparingLong(Suspect::instancesGrowth).reversed())
				.thenComparing(Suspect::className))
			.limit(MAX_OWNERS)
			.map(Suspect::className)
			.toList();
	}

	// Owners gain about as many instances as what they hold (one byte[] per entry, say);
	// the application's classes before the JDK's.
	private static List<String> likelyOwners(Suspect generic, List<Suspect> specific) {
		return specific.stream()
			.filter((owner) -> distance(owner, generic) <= Math.log(OWNER_RATIO))
			.sorted(Comparator.comparing((Suspect owner) -> GenericClasses.isJdk(owner.className()))
				.thenComparingDouble((Suspect owner) -> distance(owner, generic))
				.thenComparing(Comparator.comparingLong(Suspect::bytesGrowth).reversed())
				.thenComparing(Suspect::className))
			.limit(MAX_OWNERS)
			.map(Suspect::className)
			.toList();
	}

	private static double distance(Suspect owner, Suspect generic) {
		if (generic.instancesGrowth() <= 0) {
			return Double.POSITIVE_INFINITY;
		}
		return Math.abs(Math.log((double) owner.instancesGrowth() / generic.instancesGrowth()));
	}

}
