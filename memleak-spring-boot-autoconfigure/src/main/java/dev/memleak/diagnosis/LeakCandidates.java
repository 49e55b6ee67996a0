package dev.memleak.diagnosis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.memleak.snapshot.Suspect;

/**
 * Turns suspects into leak candidates: the application's own classes first, each with the
 * generic classes ({@code byte[]}, {@code String}, collection internals) that name it as
 * a likely owner; then the generic suspects that no application suspect owns, as leaks of
 * their own (a static {@code List<byte[]>} leaks {@code byte[]}).
 *
 * @author memleak
 */
final class LeakCandidates {

	private LeakCandidates() {
	}

	/**
	 * Return the candidates of a ranking.
	 * @param suspects the suspects, the strongest first
	 * @return the candidates, in the same order, application classes first
	 */
	static List<LeakCandidate> of(List<Suspect> suspects) {
		Map<String, List<Suspect>> held = new LinkedHashMap<>();
		for (Suspect suspect : suspects) {
			if (!suspect.generic()) {
				held.put(suspect.className(), new ArrayList<>());
			}
		}
		List<Suspect> unowned = new ArrayList<>();
		for (Suspect suspect : suspects) {
			if (!suspect.generic()) {
				continue;
			}
			List<String> owners = suspect.likelyOwners().stream().filter(held::containsKey).toList();
			if (owners.isEmpty()) {
				unowned.add(suspect);
			}
			owners.forEach((owner) -> held.get(owner).add(suspect));
		}
		List<LeakCandidate> candidates = new ArrayList<>();
		for (Suspect suspect : suspects) {
			if (!suspect.generic()) {
				candidates.add(new LeakCandidate(suspect, held.get(suspect.className())));
			}
		}
		unowned.forEach((suspect) -> candidates.add(new LeakCandidate(suspect, List.of())));
		return candidates;
	}

}
