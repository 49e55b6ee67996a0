package dev.memleak.diagnosis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.memleak.snapshot.Suspect;

/**
 * Turns suspects into leak candidates, each with the generic classes ({@code byte[]},
 * {@code String}, collection internals) that name it as a likely owner; when some of a
 * generic class's likely owners are the application's, only those hold it. Generic
 * suspects that no suspect owns are leaks of their own (a static {@code List<byte[]>}
 * leaks {@code byte[]}).
 *
 * @author memleak
 */
final class LeakCandidates {

	private LeakCandidates() {
	}

	/**
	 * Return the candidates of a ranking.
	 * @param suspects the suspects, the strongest first
	 * @param application tells the application's classes from the frameworks'
	 * @return the candidates: the non-generic suspects in their order, then the unowned
	 * generic ones
	 */
	static List<LeakCandidate> of(List<Suspect> suspects, ApplicationClasses application) {
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
			List<String> applicationOwners = owners.stream().filter(application::isApplication).toList();
			if (owners.isEmpty()) {
				unowned.add(suspect);
			}
			(applicationOwners.isEmpty() ? owners : applicationOwners).forEach((owner) -> held.get(owner).add(suspect));
		}
		List<LeakCandidate> candidates = new ArrayList<>();
		for (Suspect suspect : suspects) {
			if (!suspect.generic()) {
				candidates.add(new LeakCandidate(suspect, held.get(suspect.className()),
						application.isApplication(suspect.className())));
			}
		}
		unowned.forEach((suspect) -> candidates.add(new LeakCandidate(suspect, List.of(), false)));
		return candidates;
	}

}
