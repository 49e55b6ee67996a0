package dev.memleak.diagnosis;

import java.util.List;

/**
 * The {@code diagnosis} section of the report: the leaks, most likely first, and what is
 * still being gathered.
 *
 * @param state how far the diagnosis has come
 * @param summary the diagnosis in one plain sentence; it also leads the report's notes
 * @param leaks the leaks, the strongest first, at most
 * {@code memleak.diagnosis.max-leaks}
 * @param pending the evidence the first leak (or, before one is named, the diagnosis)
 * still lacks, and when it is due
 * @author memleak
 */
public record Diagnosis(DiagnosisState state, String summary, List<LeakDiagnosis> leaks,
		List<PendingEvidence> pending) {

	public Diagnosis {
		leaks = List.copyOf(leaks);
		pending = List.copyOf(pending);
	}

}
