package dev.memleak.footprint;

import org.jspecify.annotations.Nullable;

/**
 * The JVM settings that bound its memory, read once through the HotSpot diagnostic bean.
 *
 * @param maxHeapBytes the heap's maximum ({@code MaxHeapSize})
 * @param maxHeapSet whether the heap's maximum was given explicitly ({@code -Xmx} or
 * {@code -XX:MaxHeapSize}) rather than derived from the available memory
 * @param maxRamPercentage {@code MaxRAMPercentage}
 * @param maxRamPercentageSet whether {@code MaxRAMPercentage} was given explicitly
 * @param maxDirectBytes {@code MaxDirectMemorySize}, or {@code null} when not set (then
 * direct buffers may take as much as the heap's maximum)
 * @param maxMetaspaceBytes {@code MaxMetaspaceSize}, or {@code null} when unlimited
 * @param threadStackBytes {@code ThreadStackSize}, the stack reserved per thread
 * @param reservedCodeCacheBytes {@code ReservedCodeCacheSize}
 * @param nativeMemoryTracking {@code NativeMemoryTracking}: {@code off}, {@code summary}
 * or {@code detail}
 * @param collector the garbage collector, such as {@code G1}, or {@code null} if unknown
 * @author memleak
 */
public record JvmFlags(long maxHeapBytes, boolean maxHeapSet, double maxRamPercentage, boolean maxRamPercentageSet,
		@Nullable Long maxDirectBytes, @Nullable Long maxMetaspaceBytes, long threadStackBytes,
		long reservedCodeCacheBytes, String nativeMemoryTracking, @Nullable String collector) {

	/**
	 * Return whether Native Memory Tracking is on.
	 * @return {@code true} at {@code summary} or {@code detail}
	 */
	public boolean isNativeMemoryTracked() {
		return !this.nativeMemoryTracking.equals("off");
	}

	/**
	 * Return the option to change to make the heap smaller, as the user set it.
	 * @return {@code -Xmx} when the maximum was given explicitly, else
	 * {@code -XX:MaxRAMPercentage}
	 */
	public String heapOption() {
		return this.maxHeapSet ? "-Xmx" : "-XX:MaxRAMPercentage";
	}

}
