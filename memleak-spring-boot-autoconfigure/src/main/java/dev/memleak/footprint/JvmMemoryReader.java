package dev.memleak.footprint;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Reads metaspace, code cache, direct and mapped buffers, classes and threads from the
 * platform's management beans (each read about 0.2 µs).
 *
 * @author memleak
 */
public final class JvmMemoryReader {

	private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final @Nullable MemoryPoolMXBean metaspace;

	private final List<MemoryPoolMXBean> codeCache;

	private final @Nullable BufferPoolMXBean direct;

	private final List<BufferPoolMXBean> mapped;

	/**
	 * Create a reader.
	 */
	public JvmMemoryReader() {
		List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
		this.metaspace = pools.stream().filter((pool) -> pool.getName().equals("Metaspace")).findFirst().orElse(null);
		// "CodeHeap 'non-nmethods'", "CodeHeap 'profiled nmethods'", ... with a segmented
		// code cache; "Code Cache" without.
		this.codeCache = pools.stream()
			.filter((pool) -> pool.getType() == MemoryType.NON_HEAP
					&& (pool.getName().startsWith("CodeHeap") || pool.getName().equals("Code Cache")))
			.toList();
		List<BufferPoolMXBean> buffers = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
		this.direct = buffers.stream().filter((pool) -> pool.getName().equals("direct")).findFirst().orElse(null);
		// "mapped", and since JDK 14 "mapped - 'non-volatile memory'".
		this.mapped = buffers.stream().filter((pool) -> pool.getName().startsWith("mapped")).toList();
	}

	/**
	 * Read the beans now.
	 * @return the reading
	 */
	public JvmMemory read() {
		Long codeUsed = null;
		Long codeCommitted = null;
		for (MemoryPoolMXBean pool : this.codeCache) {
			codeUsed = ((codeUsed != null) ? codeUsed : 0) + pool.getUsage().getUsed();
			codeCommitted = ((codeCommitted != null) ? codeCommitted : 0) + pool.getUsage().getCommitted();
		}
		Long mappedBytes = null;
		Long mappedCount = null;
		for (BufferPoolMXBean pool : this.mapped) {
			mappedBytes = ((mappedBytes != null) ? mappedBytes : 0) + pool.getTotalCapacity();
			mappedCount = ((mappedCount != null) ? mappedCount : 0) + pool.getCount();
		}
		MemoryUsage heap = this.memory.getHeapMemoryUsage();
		return new JvmMemory(heap.getUsed(), heap.getCommitted(),
				(this.metaspace != null) ? this.metaspace.getUsage().getUsed() : null,
				(this.metaspace != null) ? this.metaspace.getUsage().getCommitted() : null, codeUsed, codeCommitted,
				(this.direct != null) ? this.direct.getMemoryUsed() : null,
				(this.direct != null) ? this.direct.getCount() : null, mappedBytes, mappedCount,
				this.classes.getLoadedClassCount(), this.classes.getUnloadedClassCount(),
				this.threads.getThreadCount());
	}

}
