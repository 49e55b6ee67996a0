package dev.memleak.snapshot;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Supplier;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.jspecify.annotations.Nullable;

/**
 * Takes class histograms in-process through HotSpot's DiagnosticCommand MBean (operation
 * {@code gcClassHistogram}), the same code as {@code jcmd GC.class_histogram} without
 * attaching to the process.
 * <p>
 * Never run {@code jcmd} against the own process through a pipe instead: on JDK 24+ the
 * attach listener streams the output from inside the safepoint, the pipe fills and the
 * whole JVM freezes.
 *
 * @author memleak
 */
public final class DiagnosticCommandHistogramSource implements ClassHistogramSource {

	static final String OBJECT_NAME = "com.sun.management:type=DiagnosticCommand";

	static final String OPERATION = "gcClassHistogram";

	private static final String[] SIGNATURE = { String[].class.getName() };

	private final Supplier<MBeanServer> server;

	// Looked up on first use: the platform MBean server costs tens of milliseconds to
	// create, which does not belong in the application's startup.
	private volatile @Nullable Availability availability;

	/**
	 * Create an instance on the platform MBean server.
	 */
	public DiagnosticCommandHistogramSource() {
		this(ManagementFactory::getPlatformMBeanServer);
	}

	/**
	 * Create an instance on a given MBean server.
	 * @param server supplies the MBean server that holds the DiagnosticCommand MBean
	 */
	public DiagnosticCommandHistogramSource(Supplier<MBeanServer> server) {
		this.server = server;
	}

	@Override
	public String classHistogram(SnapshotMode mode) throws Exception {
		Availability availability = availability();
		if (availability.reason() != null) {
			throw new IllegalStateException(availability.reason());
		}
		Object result = this.server.get()
			.invoke(availability.name(), OPERATION, new Object[] { mode.diagnosticCommandArguments() }, SIGNATURE);
		if (!(result instanceof String text)) {
			throw new IllegalStateException(OPERATION + " returned " + result + " instead of text");
		}
		return text;
	}

	@Override
	public @Nullable String unavailableReason() {
		return availability().reason();
	}

	private Availability availability() {
		Availability availability = this.availability;
		if (availability == null) {
			availability = lookUp();
			this.availability = availability;
		}
		return availability;
	}

	private Availability lookUp() {
		String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version");
		try {
			ObjectName name = new ObjectName(OBJECT_NAME);
			MBeanServer server = this.server.get();
			if (!server.isRegistered(name)) {
				return new Availability(name, jvm + " has no " + OBJECT_NAME + " MBean, so it cannot take "
						+ "class histograms; heap snapshots and suspects are unavailable");
			}
			boolean hasOperation = Arrays.stream(server.getMBeanInfo(name).getOperations())
				.anyMatch((operation) -> OPERATION.equals(operation.getName()));
			return new Availability(name, hasOperation ? null : jvm + "'s " + OBJECT_NAME + " MBean has no " + OPERATION
					+ " operation; heap snapshots and suspects are unavailable");
		}
		catch (Exception | LinkageError ex) {
			return new Availability(null, "Class histograms are unavailable on " + jvm + ": " + ex);
		}
	}

	private record Availability(@Nullable ObjectName name, @Nullable String reason) {

	}

}
