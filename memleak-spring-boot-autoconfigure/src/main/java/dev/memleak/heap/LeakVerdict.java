package dev.memleak.heap;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The detector's answer at one moment.
 *
 * @param status the verdict
 * @param since since when the verdict holds
 * @param heap the live set, its trend and projection
 * @param notes sentences explaining the verdict or missing data
 * @author memleak
 */
public record LeakVerdict(LeakStatus status, @Nullable Instant since, HeapSummary heap, List<String> notes) {

	public LeakVerdict {
		notes = List.copyOf(notes);
	}

}
