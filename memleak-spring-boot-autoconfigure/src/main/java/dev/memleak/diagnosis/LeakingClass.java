package dev.memleak.diagnosis;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Which class leaks.
 *
 * @param className the class, as Java source names it ({@code com.example.Order},
 * {@code byte[]})
 * @param holds the general-purpose classes ({@code byte[]}, {@code String}, collection
 * internals) that grow with it and that it probably holds
 * @param growthBytesPerHour bytes per hour the class gains, with its share of what it
 * holds; {@code null} when only leak sites name it
 * @param shareOfHeapGrowth the fraction of the live set's growth that the class and what
 * it holds explain (capped at 1), or {@code null} when either growth is unknown
 * @param evidence what named it
 * @param confidence how sure the class leaks, from 0 to 1 (see {@code explanation})
 * @param explanation the evidence behind the confidence, in one sentence
 * @author memleak
 */
public record LeakingClass(String className, List<String> holds, @Nullable Long growthBytesPerHour,
		@Nullable Double shareOfHeapGrowth, ClassEvidence evidence, double confidence, String explanation) {

	public LeakingClass {
		holds = List.copyOf(holds);
	}

}
