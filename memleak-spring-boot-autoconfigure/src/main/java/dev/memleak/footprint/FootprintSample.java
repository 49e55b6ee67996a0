package dev.memleak.footprint;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Everything read at one moment; a part is {@code null} when its source is absent or
 * failed, and {@code unavailable} says why.
 *
 * @param at when
 * @param container the container's memory
 * @param process the process's resident memory
 * @param nativeMemory the Native Memory Tracking summary
 * @param jvm the management beans' view
 * @param threads threads by name pattern
 * @param unavailable one sentence per missing part
 * @author memleak
 */
public record FootprintSample(Instant at, @Nullable CgroupMemory container, @Nullable ProcessMemory process,
		@Nullable NativeMemory nativeMemory, JvmMemory jvm, ThreadCensus threads, List<String> unavailable) {

	public FootprintSample {
		unavailable = List.copyOf(unavailable);
	}

	/**
	 * Return resident memory that Native Memory Tracking does not account for: the
	 * process's resident memory less NMT's committed total. Negative while committed
	 * memory (mostly heap) has not been touched yet; its trend is what counts.
	 * @return the bytes, or {@code null} without both readings
	 */
	public @Nullable Long untrackedBytes() {
		return (this.process != null && this.nativeMemory != null)
				? this.process.residentBytes() - this.nativeMemory.committedBytes() : null;
	}

}
