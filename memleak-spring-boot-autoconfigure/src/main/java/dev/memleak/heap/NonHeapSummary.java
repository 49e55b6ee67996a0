package dev.memleak.heap;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The {@code nonHeap} section of the report: memory that can leak outside the live set.
 *
 * @param metaspaceBytes metaspace in use
 * @param metaspaceGrowthBytesPerHour its trend over the window
 * @param loadedClasses classes loaded now
 * @param loadedClassesGrowthPerHour their trend over the window
 * @param directBufferBytes direct buffer memory in use
 * @param directBufferGrowthBytesPerHour its trend over the window
 * @param notes what looks like a leak
 * @author memleak
 */
public record NonHeapSummary(@Nullable Long metaspaceBytes, @Nullable Double metaspaceGrowthBytesPerHour,
		@Nullable Long loadedClasses, @Nullable Double loadedClassesGrowthPerHour, @Nullable Long directBufferBytes,
		@Nullable Double directBufferGrowthBytesPerHour, List<String> notes) {

	public NonHeapSummary {
		notes = List.copyOf(notes);
	}

}
