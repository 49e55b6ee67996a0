package dev.memleak.sites;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.jspecify.annotations.Nullable;

/**
 * Writes heap dumps in HPROF format through HotSpot's {@link HotSpotDiagnosticMXBean}, as
 * Spring Boot's {@code heapdump} endpoint does.
 *
 * @author memleak
 */
public final class HotSpotHeapDumper implements HeapDumper {

	private volatile @Nullable HotSpotDiagnosticMXBean diagnostics;

	private volatile @Nullable String unavailable;

	@Override
	public void dumpHeap(Path file, boolean live) throws IOException {
		HotSpotDiagnosticMXBean diagnostics = diagnostics();
		if (diagnostics == null) {
			throw new IllegalStateException(this.unavailable);
		}
		diagnostics.dumpHeap(file.toAbsolutePath().toString(), live);
	}

	@Override
	public @Nullable String unavailableReason() {
		diagnostics();
		return this.unavailable;
	}

	private @Nullable HotSpotDiagnosticMXBean diagnostics() {
		if (this.diagnostics == null && this.unavailable == null) {
			try {
				this.diagnostics = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
				if (this.diagnostics == null) {
					this.unavailable = "This JVM has no HotSpotDiagnosticMXBean: heap dumps are unavailable";
				}
			}
			catch (RuntimeException | LinkageError ex) {
				this.unavailable = "This JVM cannot write heap dumps (" + ex + ")";
			}
		}
		return this.diagnostics;
	}

}
