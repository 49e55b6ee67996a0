package dev.memleak.allocation;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;

/**
 * {@link AllocationCounter} backed by {@code com.sun.management.ThreadMXBean}, about 17
 * ns a call on HotSpot.
 *
 * @author memleak
 */
public final class ThreadAllocationCounter implements AllocationCounter {

	private static final MethodHandle IS_VIRTUAL = findIsVirtual();

	private final com.sun.management.ThreadMXBean threads;

	ThreadAllocationCounter(java.lang.management.ThreadMXBean threads) {
		this.threads = (threads instanceof com.sun.management.ThreadMXBean extended
				&& extended.isThreadAllocatedMemorySupported()) ? extended : null;
	}

	/**
	 * Create a counter for the running JVM.
	 * @return the counter
	 */
	public static ThreadAllocationCounter forThisJvm() {
		return new ThreadAllocationCounter(ManagementFactory.getThreadMXBean());
	}

	/**
	 * Whether this JVM can measure per-thread allocation at all (platform threads).
	 * @return {@code true} if supported and enabled
	 */
	public boolean isSupported() {
		return this.threads != null && this.threads.isThreadAllocatedMemoryEnabled();
	}

	@Override
	public long currentThreadAllocatedBytes() {
		return (this.threads != null) ? this.threads.getCurrentThreadAllocatedBytes() : UNAVAILABLE;
	}

	@Override
	public UnmeasuredReason whyUnavailable() {
		return isCurrentThreadVirtual() ? UnmeasuredReason.VIRTUAL_THREAD : UnmeasuredReason.NOT_SUPPORTED;
	}

	private static boolean isCurrentThreadVirtual() {
		if (IS_VIRTUAL == null) {
			return false;
		}
		try {
			return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
		}
		catch (Throwable ex) {
			return false;
		}
	}

	// Thread.isVirtual() exists from JDK 21; the starter is compiled for 17.
	private static MethodHandle findIsVirtual() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (NoSuchMethodException | IllegalAccessException ex) {
			return null;
		}
	}

}
