package dev.memleak.footprint;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a JVM with Native Memory Tracking: allocates 16 MiB of direct buffers and 8 MiB
 * with {@code Unsafe.allocateMemory}, then prints what {@link NativeMemoryReader} reads.
 */
public final class NmtProbe {

	private static final List<ByteBuffer> KEPT = new ArrayList<>();

	private NmtProbe() {
	}

	public static void main(String[] args) throws Exception {
		NativeMemoryReader reader = new NativeMemoryReader();
		NativeMemory before = reader.read();
		for (int i = 0; i < 16; i++) {
			KEPT.add(ByteBuffer.allocateDirect(1024 * 1024));
		}
		Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
		field.setAccessible(true);
		Object unsafe = field.get(null);
		long address = (long) unsafe.getClass().getMethod("allocateMemory", long.class).invoke(unsafe, 8L << 20);
		NativeMemory after = reader.read();
		int calls = 200;
		long start = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			reader.read();
		}
		long nanosPerCall = (System.nanoTime() - start) / calls;
		System.out.println("otherGrowth=" + (after.committed("Other") - before.committed("Other")) + " heap="
				+ after.committed("Java Heap") + " total=" + after.committedBytes() + " threads=" + after.threads()
				+ " nanosPerCall=" + nanosPerCall + " address=" + (address != 0));
	}

}
