package dev.memleak.architecture;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.memleak.diagnosis.Diagnosis;
import dev.memleak.escalation.EscalationMonitor;
import dev.memleak.heap.LeakMonitor;
import dev.memleak.sites.LeakSite;
import dev.memleak.snapshot.Suspect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dependencies between memleak's packages point one way: joins live in the diagnosis, and
 * a lower package never learns about a higher one. Checked on the compiled classes: every
 * class a class file refers to, in any way, is named in its constant pool.
 */
class PackageDependencyTests {

	@Test
	void snapshotsKnowNeitherLeakSitesNorTheDiagnosis() throws Exception {
		assertThat(references(Suspect.class, "dev/memleak/sites/", "dev/memleak/diagnosis/")).isEmpty();
	}

	@Test
	void leakSitesDoNotKnowTheDiagnosis() throws Exception {
		assertThat(references(LeakSite.class, "dev/memleak/diagnosis/", "dev/memleak/snapshot/")).isEmpty();
	}

	@Test
	void detectionDoesNotKnowTheDiagnosis() throws Exception {
		assertThat(references(LeakMonitor.class, "dev/memleak/diagnosis/")).isEmpty();
	}

	@Test
	void theEscalationDoesNotKnowTheDiagnosis() throws Exception {
		assertThat(references(EscalationMonitor.class, "dev/memleak/diagnosis/")).isEmpty();
	}

	@Test
	void theCheckSeesAReferenceWhereThereIsOne() throws Exception {
		assertThat(references(Diagnosis.class, "dev/memleak/sites/")).isNotEmpty();
	}

	// Class files of the package of the given class that mention any of the prefixes.
	private static Map<String, String> references(Class<?> member, String... prefixes)
			throws IOException, URISyntaxException {
		Path directory = Path.of(member.getResource(member.getSimpleName() + ".class").toURI()).getParent();
		Map<String, String> found = new TreeMap<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".class")).toList()) {
				String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
				for (String prefix : List.of(prefixes)) {
					if (constants.contains(prefix)) {
						found.put(file.getFileName().toString(), prefix);
					}
				}
			}
		}
		return found;
	}

}
