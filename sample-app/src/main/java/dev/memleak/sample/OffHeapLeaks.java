package dev.memleak.sample;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Leaks memory outside the heap at a steady rate when {@code sample.footprint.leak} is
 * set: direct buffers, threads that never end, class loaders, {@code Unsafe} memory, or
 * native memory from a JNI library. Each is what the footprint must name by its category.
 *
 * @author memleak
 */
@Component
@ConditionalOnExpression("'${sample.footprint.leak:none}' != 'none'")
class OffHeapLeaks {

	private static final Log logger = LogFactory.getLog(OffHeapLeaks.class);

	/** Leaked per allocation (except threads and class loaders). */
	static final int CHUNK = 64 * 1024;

	// Static on purpose: these are the leaks the sample demonstrates.
	private static final List<Object> KEPT = new ArrayList<>();

	private final SampleProperties.Footprint properties;

	private final long start = System.nanoTime();

	private long leakedBytes;

	private long leakedThreads;

	private long bytesPerClass;

	private Method allocateMemory;

	private Object unsafe;

	OffHeapLeaks(SampleProperties properties) throws ReflectiveOperationException {
		this.properties = properties.getFootprint();
		switch (this.properties.getLeak()) {
			case UNSAFE -> {
				Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
				field.setAccessible(true);
				this.unsafe = field.get(null);
				this.allocateMemory = this.unsafe.getClass().getMethod("allocateMemory", long.class);
			}
			case NATIVE -> NativeAllocator.load(this.properties.getNativeLibrary());
			case CLASS_LOADERS -> this.bytesPerClass = measureBytesPerClass();
			default -> {
			}
		}
		logger.info("Leaking " + this.properties.getLeak() + " outside the heap");
	}

	@Scheduled(fixedRate = 100)
	void leak() throws ReflectiveOperationException {
		double seconds = (System.nanoTime() - this.start) / 1e9;
		if (this.properties.getLeak() == SampleProperties.Footprint.Leak.THREADS) {
			long due = (long) (seconds / this.properties.getThreadInterval().toMillis() * 1000);
			for (; this.leakedThreads < due; this.leakedThreads++) {
				// An executor per call, never shut down: its thread waits for work
				// forever and holds the executor (a single-thread executor would be
				// shut down once collected).
				ExecutorService executor = Executors.newFixedThreadPool(1);
				executor.execute(() -> {
				});
			}
			return;
		}
		long due = (long) (seconds * this.properties.getBytesPerSecond().toBytes());
		while (this.leakedBytes < due) {
			this.leakedBytes += leakOnce();
		}
	}

	private long leakOnce() throws ReflectiveOperationException {
		switch (this.properties.getLeak()) {
			case DIRECT_BUFFERS -> KEPT.add(ByteBuffer.allocateDirect(CHUNK));
			case UNSAFE -> {
				long address = (long) this.allocateMemory.invoke(this.unsafe, (long) CHUNK);
				this.unsafe.getClass()
					.getMethod("setMemory", long.class, long.class, byte.class)
					.invoke(this.unsafe, address, (long) CHUNK, (byte) 1);
				KEPT.add(address);
			}
			case NATIVE -> KEPT.add(NativeAllocator.allocate(CHUNK));
			case CLASS_LOADERS -> {
				KEPT.add(defineInNewLoader());
				return this.bytesPerClass;
			}
			default -> throw new IllegalStateException("not a byte leak: " + this.properties.getLeak());
		}
		return CHUNK;
	}

	private long measureBytesPerClass() {
		MemoryPoolMXBean metaspace = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getName().equals("Metaspace"))
			.findFirst()
			.orElseThrow();
		long before = metaspace.getUsage().getUsed();
		for (int i = 0; i < 16; i++) {
			KEPT.add(defineInNewLoader());
		}
		long perClass = Math.max(1024, (metaspace.getUsage().getUsed() - before) / 16);
		logger.info("A plugin class takes " + perClass + " bytes of metaspace");
		return perClass;
	}

	private static Class<?> defineInNewLoader() {
		return new PluginLoader().define();
	}

	/**
	 * A loader per plugin, kept forever with its class: the class-loader leak.
	 */
	private static final class PluginLoader extends ClassLoader {

		private static final byte[] PLUGIN = GeneratedClass.bytes("dev/memleak/sample/Plugin", 32, 2001);

		PluginLoader() {
			super(null);
		}

		Class<?> define() {
			return defineClass("dev.memleak.sample.Plugin", PLUGIN, 0, PLUGIN.length);
		}

	}

}
