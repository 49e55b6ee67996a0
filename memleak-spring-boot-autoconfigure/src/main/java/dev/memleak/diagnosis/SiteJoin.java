package dev.memleak.diagnosis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memleak.sites.LeakSite;
import dev.memleak.sites.TypeNames;
import org.jspecify.annotations.Nullable;

/**
 * Ties leak sites to leak candidates. JFR samples allocations by size, so a leaking entry
 * of 32 bytes that holds a 16 KiB array is seen through the array: the sites of what a
 * class holds count as its own when something ties them to it (strongest first):
 * <ol>
 * <li>the sampled objects are the class's own instances;</li>
 * <li>their reference chain (with {@code memleak.sites.path-to-gc-roots}) runs through
 * the class;</li>
 * <li>code of the class, or of the class it is nested in, is on their allocation stack
 * (application classes only);</li>
 * <li>by elimination: a leak site of a class it holds, which no other candidate is tied
 * to, when it is the only application candidate holding that class without a tie of its
 * own.</li>
 * </ol>
 * When elimination leaves several candidates, none gets the site, and the reason says so.
 *
 * @author memleak
 */
final class SiteJoin {

	private final Map<LeakCandidate, List<Tie>> ties = new LinkedHashMap<>();

	private final Map<LeakCandidate, String> untied = new HashMap<>();

	private final Set<LeakSite> claimed = new HashSet<>();

	/**
	 * Tie sites to candidates.
	 * @param sites the sites of the latest emission
	 * @param candidates the leak candidates
	 */
	SiteJoin(List<LeakSite> sites, List<LeakCandidate> candidates) {
		for (LeakCandidate candidate : candidates) {
			this.ties.put(candidate, new ArrayList<>());
		}
		for (LeakSite site : sites) {
			if (site.applicationFrame() == null) {
				continue;
			}
			for (LeakCandidate candidate : candidates) {
				SiteEvidence evidence = strongTie(candidate, site);
				if (evidence != null) {
					this.ties.get(candidate).add(new Tie(site, evidence));
					this.claimed.add(site);
				}
			}
		}
		List<LeakCandidate> withoutTies = candidates.stream()
			.filter((candidate) -> candidate.application() && this.ties.get(candidate).isEmpty())
			.toList();
		for (LeakSite site : sites) {
			if (site.leak() && site.applicationFrame() != null && !this.claimed.contains(site)) {
				tieByElimination(site, withoutTies);
			}
		}
	}

	/**
	 * Return the sites tied to a candidate.
	 * @param candidate the candidate
	 * @return its ties, in the order of the emission
	 */
	List<Tie> tiesOf(LeakCandidate candidate) {
		return this.ties.getOrDefault(candidate, List.of());
	}

	/**
	 * Return why a candidate has no site although some could be its own.
	 * @param candidate the candidate
	 * @return the reason, or {@code null}
	 */
	@Nullable String whyUntied(LeakCandidate candidate) {
		return this.untied.get(candidate);
	}

	/**
	 * Return whether a site is tied to some candidate.
	 * @param site the site
	 * @return {@code true} if it is
	 */
	boolean isClaimed(LeakSite site) {
		return this.claimed.contains(site);
	}

	/**
	 * Group the sites tied to a candidate by their first application frame and return the
	 * group that most likely leaks: one with a leak site first, then the most retained
	 * samples, then the most samples.
	 * @param candidate the candidate
	 * @return the group, or {@code null} if no site is tied
	 */
	@Nullable SiteGroup bestGroupOf(LeakCandidate candidate) {
		return best(tiesOf(candidate));
	}

	static @Nullable SiteGroup best(List<Tie> ties) {
		Map<String, List<Tie>> byFrame = new LinkedHashMap<>();
		for (Tie tie : ties) {
			byFrame.computeIfAbsent(tie.site().applicationFrame(), (frame) -> new ArrayList<>()).add(tie);
		}
		return byFrame.entrySet()
			.stream()
			.map((entry) -> new SiteGroup(entry.getKey(), entry.getValue(), weight(ties)))
			.max(Comparator.comparing(SiteGroup::hasLeakSite)
				.thenComparingInt(SiteGroup::retained)
				.thenComparingInt(SiteGroup::samples))
			.orElse(null);
	}

	private void tieByElimination(LeakSite site, List<LeakCandidate> withoutTies) {
		List<LeakCandidate> holders = withoutTies.stream()
			.filter((candidate) -> candidate.holds(site.className()))
			.toList();
		if (holders.size() == 1) {
			this.ties.get(holders.get(0)).add(new Tie(site, SiteEvidence.ELIMINATION));
			this.claimed.add(site);
		}
		else if (holders.size() > 1) {
			String reason = "The leak site of " + TypeNames.readable(site.className()) + " at "
					+ site.applicationFrame() + " could belong to any of "
					+ String.join(", ", holders.stream().map(LeakCandidate::className).toList())
					+ ", which all hold that class; paths to GC roots (memleak.sites.path-to-gc-roots=true) would tell.";
			holders.forEach((holder) -> this.untied.putIfAbsent(holder, reason));
		}
	}

	private static @Nullable SiteEvidence strongTie(LeakCandidate candidate, LeakSite site) {
		if (site.className().equals(candidate.className())) {
			return SiteEvidence.OWN_OBJECTS;
		}
		if (!candidate.holds(site.className())) {
			return null;
		}
		String holder = TypeNames.readable(candidate.className());
		for (String link : site.referenceChain()) {
			if (link.startsWith(holder + ".") || link.startsWith(holder + "[")) {
				return SiteEvidence.REFERENCE_CHAIN;
			}
		}
		if (!candidate.application()) {
			return null;
		}
		String topLevel = StackLine.topLevel(candidate.className());
		for (String line : site.stackTrace()) {
			StackLine frame = StackLine.parse(line);
			if (frame != null && frame.topLevelClassName().equals(topLevel)) {
				return SiteEvidence.OWNER_CODE;
			}
		}
		return null;
	}

	// Retained samples when an old-generation collection has been seen, else samples.
	private static boolean weight(List<Tie> ties) {
		return ties.stream().anyMatch((tie) -> tie.site().retained() > 0);
	}

	/**
	 * A site tied to a candidate.
	 *
	 * @param site the site
	 * @param evidence what ties it
	 */
	record Tie(LeakSite site, SiteEvidence evidence) {

	}

	/**
	 * The sites tied to a candidate that share a first application frame.
	 *
	 * @param frame the first application frame
	 * @param ties the ties
	 * @param byRetained whether shares count retained samples (else all samples)
	 */
	record SiteGroup(String frame, List<Tie> ties, boolean byRetained) {

		boolean hasLeakSite() {
			return this.ties.stream().anyMatch((tie) -> tie.site().leak());
		}

		int retained() {
			return this.ties.stream().mapToInt((tie) -> tie.site().retained()).sum();
		}

		int samples() {
			return this.ties.stream().mapToInt((tie) -> tie.site().samples()).sum();
		}

		int weight() {
			return this.byRetained ? retained() : samples();
		}

		SiteEvidence evidence() {
			return this.ties.stream().map(Tie::evidence).min(Comparator.naturalOrder()).orElseThrow();
		}

		LeakSite largest() {
			return this.ties.stream().map(Tie::site).max(Comparator.comparingInt(LeakSite::samples)).orElseThrow();
		}

		List<LeakSite> sites() {
			return this.ties.stream().map(Tie::site).toList();
		}

	}

}
