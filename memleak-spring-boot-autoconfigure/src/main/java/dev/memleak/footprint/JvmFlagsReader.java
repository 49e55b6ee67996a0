package dev.memleak.footprint;

import java.lang.management.ManagementFactory;
import java.util.Set;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

/**
 * Reads {@link JvmFlags} through {@link HotSpotDiagnosticMXBean}.
 *
 * @author memleak
 */
public final class JvmFlagsReader {

	private static final Set<VMOption.Origin> DEFAULTS = Set.of(VMOption.Origin.DEFAULT, VMOption.Origin.ERGONOMIC);

	private JvmFlagsReader() {
	}

	/**
	 * Read this JVM's flags.
	 * @return the flags
	 * @throws IllegalStateException if this JVM has no HotSpot diagnostic bean
	 * @throws IllegalArgumentException if a flag is unknown to this JVM
	 */
	public static JvmFlags read() {
		HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
		if (bean == null) {
			throw new IllegalStateException("this JVM has no HotSpotDiagnosticMXBean");
		}
		VMOption maxHeap = bean.getVMOption("MaxHeapSize");
		VMOption percentage = bean.getVMOption("MaxRAMPercentage");
		long direct = size(bean.getVMOption("MaxDirectMemorySize"));
		long metaspace = size(bean.getVMOption("MaxMetaspaceSize"));
		// ThreadStackSize is in KiB; 0 means the platform's default, 1 MiB on Linux.
		long stack = Long.parseLong(bean.getVMOption("ThreadStackSize").getValue()) * 1024;
		return new JvmFlags(size(maxHeap), !DEFAULTS.contains(maxHeap.getOrigin()),
				Double.parseDouble(percentage.getValue()), !DEFAULTS.contains(percentage.getOrigin()),
				(direct > 0) ? direct : null,
				(metaspace > 0 && metaspace < CgroupMemoryReader.NO_LIMIT) ? metaspace : null,
				(stack > 0) ? stack : 1024 * 1024, Long.parseLong(bean.getVMOption("ReservedCodeCacheSize").getValue()),
				bean.getVMOption("NativeMemoryTracking").getValue(), collector(bean));
	}

	// size_t flags: the bean prints SIZE_MAX ("unlimited") as -1.
	private static long size(VMOption option) {
		long value = Long.parseLong(option.getValue());
		return (value < 0) ? Long.MAX_VALUE : value;
	}

	private static String collector(HotSpotDiagnosticMXBean bean) {
		for (String name : new String[] { "G1", "Parallel", "Serial", "Z", "Shenandoah", "Epsilon" }) {
			try {
				if (Boolean.parseBoolean(bean.getVMOption("Use" + name + "GC").getValue())) {
					return name;
				}
			}
			catch (IllegalArgumentException ex) {
				// This JVM was built without the collector (Shenandoah in some builds).
				continue;
			}
		}
		return null;
	}

}
