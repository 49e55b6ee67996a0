package dev.memleak.footprint;

import org.jspecify.annotations.Nullable;

/**
 * What the JVM's management beans say about memory outside the heap, at one moment.
 * Values are {@code null} where this JVM has no such pool.
 *
 * @param heapUsedBytes heap in use
 * @param heapCommittedBytes heap committed
 * @param metaspaceUsedBytes metaspace in use, compressed class space included
 * @param metaspaceCommittedBytes metaspace committed
 * @param codeCacheUsedBytes compiled code in use (all code heaps)
 * @param codeCacheCommittedBytes code cache committed
 * @param directBytes memory of direct buffers
 * @param directBuffers number of direct buffers
 * @param mappedBytes capacity of mapped buffers
 * @param mappedBuffers number of mapped buffers
 * @param loadedClasses classes loaded now
 * @param unloadedClasses classes unloaded since the JVM started
 * @param threads live platform threads
 * @author memleak
 */
public record JvmMemory(long heapUsedBytes, long heapCommittedBytes, @Nullable Long metaspaceUsedBytes,
		@Nullable Long metaspaceCommittedBytes, @Nullable Long codeCacheUsedBytes,
		@Nullable Long codeCacheCommittedBytes, @Nullable Long directBytes, @Nullable Long directBuffers,
		@Nullable Long mappedBytes, @Nullable Long mappedBuffers, long loadedClasses, long unloadedClasses,
		int threads) {

}
