package dev.memleak.diagnosis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.memleak.sites.LeakSite;
import dev.memleak.snapshot.Suspect;
import org.jspecify.annotations.Nullable;

/**
 * Splits the growth of each generic suspect ({@code byte[]}, ...) between the leaks that
 * hold it, by their samples of it: JFR samples allocations by size, so the samples of a
 * class at its leaks' sites are a rough measure of the bytes each leak adds. The sites
 * counted are those tied to a candidate and the leak sites no candidate explains (leaks
 * of their own). Without any such sample, the growth goes to the likeliest owner among
 * the candidates, as the suspects' ranking credits it.
 *
 * @author memleak
 */
final class HeldGrowth {

	private final Map<String, Suspect> generics = new HashMap<>();

	private final Map<String, Integer> samples = new HashMap<>();

	private final List<LeakCandidate> candidates;

	private final SiteJoin join;

	HeldGrowth(List<Suspect> suspects, List<LeakSite> sites, List<LeakCandidate> candidates, SiteJoin join) {
		this.candidates = candidates;
		this.join = join;
		for (Suspect suspect : suspects) {
			if (suspect.generic()) {
				this.generics.put(suspect.className(), suspect);
			}
		}
		for (LeakSite site : sites) {
			if (this.generics.containsKey(site.className()) && site.applicationFrame() != null
					&& (join.isClaimed(site) || site.leak())) {
				this.samples.merge(site.className(), site.samples(), Integer::sum);
			}
		}
	}

	/**
	 * Return the growth of a candidate's held classes that is its own.
	 * @param candidate the candidate
	 * @return bytes per hour
	 */
	long of(LeakCandidate candidate) {
		double growth = 0;
		for (Suspect held : candidate.held()) {
			int all = this.samples.getOrDefault(held.className(), 0);
			double share = (all > 0) ? (double) samplesOf(candidate, held.className()) / all
					: (candidate.className().equals(likeliestOwner(held)) ? 1 : 0);
			growth += held.bytesGrowthPerHour() * share;
		}
		return Math.round(growth);
	}

	/**
	 * Return the growth of a leak named by its sites only.
	 * @param className the JVM's name of the sampled class
	 * @param groupSamples the leak's samples of it
	 * @return bytes per hour, or {@code null} if the class is no generic suspect
	 */
	@Nullable Long ofSites(String className, int groupSamples) {
		Suspect generic = this.generics.get(className);
		int all = this.samples.getOrDefault(className, 0);
		if (generic == null || all == 0) {
			return null;
		}
		return Math.round(generic.bytesGrowthPerHour() * (double) groupSamples / all);
	}

	private int samplesOf(LeakCandidate candidate, String className) {
		return this.join.tiesOf(candidate)
			.stream()
			.filter((tie) -> tie.site().className().equals(className))
			.mapToInt((tie) -> tie.site().samples())
			.sum();
	}

	private @Nullable String likeliestOwner(Suspect held) {
		return held.likelyOwners()
			.stream()
			.filter((owner) -> this.candidates.stream()
				.anyMatch((candidate) -> candidate.className().equals(owner) && candidate.holds(held.className())))
			.findFirst()
			.orElse(null);
	}

}
