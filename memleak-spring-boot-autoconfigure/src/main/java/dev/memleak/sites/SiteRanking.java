package dev.memleak.sites;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Groups the samples of one emission into sites (class and folded allocation stack) and
 * tells leak sites from sites of objects that merely live long.
 * <p>
 * Every emitted sample is alive as far as the JVM knows, but an object that died in the
 * old generation stays "alive" until a collection looks at the old generation (a G1
 * marking cycle, a full collection). So the evidence is counted in old-generation
 * collections, as the leak detector observes them:
 * <ul>
 * <li>a sample is <em>retained</em> when it was allocated before the latest
 * old-generation collection;</li>
 * <li>a site is a <em>leak site</em> when it has a sample allocated before the collection
 * before that one (it outlived two), and a sample allocated between the two that outlived
 * the latest (it still adds objects that stay), and its stack has an application
 * frame.</li>
 * </ul>
 * Stacks without an application frame are the JDK's and the frameworks' own housekeeping:
 * idle pool threads parked on a condition hold the node they wait on for as long as they
 * wait, pools and buffers live as long as the server. A leak through a framework (a
 * session store, a query-plan cache) is allocated from application code, so its stack has
 * an application frame. Objects that expire (sessions, carts, cache entries evicted in
 * time) do not outlive two collections unless they live longer than the time between
 * them; a cache that filled and stopped growing adds no new survivors. Until two
 * old-generation collections have been observed during the recording, no site is a leak
 * site. Objects memleak allocated for itself are left out.
 * <p>
 * The collections can come seconds apart (an escalation's own full collections), shorter
 * than some objects that expire live: a cart kept for as long as it is used again within
 * seconds outlives two of them now and then. So a leak site must also have held one of
 * its objects for half of the recording so far (at most {@link #MAX_HELD}): a leak keeps
 * the first objects the recording sampled, while objects that expire are all younger than
 * their longest life, however many collections they outlive.
 *
 * @author memleak
 */
final class SiteRanking {

	private static final Comparator<LeakSite> RANKING = Comparator.comparing(LeakSite::leak)
		.reversed()
		.thenComparing(Comparator.comparingInt(LeakSite::retained).reversed())
		.thenComparing(Comparator.comparingInt(LeakSite::samples).reversed())
		.thenComparing(LeakSite::className);

	/**
	 * The longest a leak site must have held one of its objects: a leak that starts hours
	 * into a long recording is a leak site after this long.
	 */
	static final Duration MAX_HELD = Duration.ofMinutes(30);

	private SiteRanking() {
	}

	/**
	 * Rank the sites of an emission.
	 * @param samples the emitted samples
	 * @param collections the last two old-generation collections observed
	 * @param folding how stacks are rendered
	 * @param topSites the most sites returned
	 * @return the sites, leak sites first, then by retained and sampled objects
	 */
	static List<LeakSite> rank(List<OldObjectSample> samples, OldCollections collections, StackFolding folding,
			int topSites) {
		Map<SiteKey, Site> sites = new LinkedHashMap<>();
		for (OldObjectSample sample : samples) {
			if (folding.isOwn(sample.frames())) {
				continue;
			}
			StackFolding.Folded folded = folding.fold(sample.frames());
			sites
				.computeIfAbsent(new SiteKey(sample.className(), folded.key()),
						(key) -> new Site(folded.lines(), folded.applicationFrame()))
				.add(sample, collections);
		}
		List<LeakSite> ranked = new ArrayList<>(sites.size());
		sites.forEach((key, site) -> ranked.add(site.toLeakSite(key.className(), collections)));
		ranked.sort(RANKING);
		return List.copyOf(ranked.subList(0, Math.min(topSites, ranked.size())));
	}

	/**
	 * The last two old-generation collections observed while recording, and when the
	 * recording started.
	 *
	 * @param previous the one before the latest, or {@code null}
	 * @param latest the latest, or {@code null}
	 * @param recordingSince when the recording started, or {@code null} if unknown
	 */
	record OldCollections(@Nullable Instant previous, @Nullable Instant latest, @Nullable Instant recordingSince) {

		static final OldCollections NONE = new OldCollections(null, null);

		OldCollections(@Nullable Instant previous, @Nullable Instant latest) {
			this(previous, latest, null);
		}

		OldCollections next(@Nullable Instant observed) {
			if (observed == null || observed.equals(this.latest)) {
				return this;
			}
			return new OldCollections(this.latest, observed, this.recordingSince);
		}

		OldCollections recordingSince(@Nullable Instant since) {
			return new OldCollections(this.previous, this.latest, since);
		}

		// Held for half of the recording up to the latest collection, at most MAX_HELD.
		boolean heldLongEnough(@Nullable Instant oldest) {
			if (oldest == null || this.latest == null) {
				return false;
			}
			if (this.recordingSince == null || !this.recordingSince.isBefore(this.latest)) {
				return true;
			}
			Duration half = Duration.between(this.recordingSince, this.latest).dividedBy(2);
			Duration required = (half.compareTo(MAX_HELD) < 0) ? half : MAX_HELD;
			return !oldest.isAfter(this.latest.minus(required));
		}

		boolean isRetained(Instant allocation) {
			return this.latest != null && allocation.isBefore(this.latest);
		}

		boolean outlivedTwo(Instant allocation) {
			return this.previous != null && allocation.isBefore(this.previous);
		}

	}

	private record SiteKey(String className, List<String> frames) {

	}

	private static final class Site {

		private final List<String> lines;

		private final @Nullable String applicationFrame;

		private int samples;

		private int retained;

		private boolean outlivedTwo;

		private boolean newlyRetained;

		private @Nullable Instant oldest;

		private List<String> referenceChain = List.of();

		Site(List<String> lines, @Nullable String applicationFrame) {
			this.lines = lines;
			this.applicationFrame = applicationFrame;
		}

		void add(OldObjectSample sample, OldCollections collections) {
			Instant allocation = sample.allocationTime();
			this.samples++;
			if (collections.isRetained(allocation)) {
				this.retained++;
				if (collections.outlivedTwo(allocation)) {
					this.outlivedTwo = true;
				}
				else {
					this.newlyRetained = true;
				}
			}
			if (this.oldest == null || allocation.isBefore(this.oldest)) {
				this.oldest = allocation;
			}
			if (this.referenceChain.isEmpty()) {
				this.referenceChain = sample.referenceChain();
			}
		}

		LeakSite toLeakSite(String className, OldCollections collections) {
			return new LeakSite(className, this.lines, this.samples, this.retained,
					this.applicationFrame != null && this.outlivedTwo && this.newlyRetained
							&& collections.heldLongEnough(this.oldest),
					this.oldest, this.referenceChain, this.applicationFrame);
		}

	}

}
