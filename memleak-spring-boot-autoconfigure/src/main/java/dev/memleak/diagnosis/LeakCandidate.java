package dev.memleak.diagnosis;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.memleak.snapshot.Suspect;

/**
 * A class that may leak, with the general-purpose classes it probably holds.
 *
 * @param suspect the class's suspect
 * @param held the generic suspects ({@code byte[]}, ...) that name it among their likely
 * owners; empty for a generic suspect that no application class owns
 * @param application whether the class is the application's own
 * @author memleak
 */
record LeakCandidate(Suspect suspect, List<Suspect> held, boolean application) {

	LeakCandidate {
		held = List.copyOf(held);
	}

	String className() {
		return this.suspect.className();
	}

	Set<String> heldClassNames() {
		return this.held.stream().map(Suspect::className).collect(Collectors.toUnmodifiableSet());
	}

	boolean holds(String className) {
		return this.held.stream().anyMatch((generic) -> generic.className().equals(className));
	}

}
