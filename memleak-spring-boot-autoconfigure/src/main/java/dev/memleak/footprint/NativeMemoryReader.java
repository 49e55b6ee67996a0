package dev.memleak.footprint;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads the Native Memory Tracking summary in-process through the DiagnosticCommand MBean
 * ({@code vmNativeMemory summary}): about 0.1 ms and no safepoint on this machine. Never
 * through {@code jcmd} on the own process (see DESIGN.md).
 *
 * @author memleak
 */
public final class NativeMemoryReader {

	private static final String[] SIGNATURE = { String[].class.getName() };

	private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

	private final ObjectName name;

	/**
	 * Create a reader.
	 */
	public NativeMemoryReader() {
		try {
			this.name = new ObjectName("com.sun.management:type=DiagnosticCommand");
		}
		catch (JMException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Read the summary now.
	 * @return the summary
	 * @throws JMException if the command fails or the MBean is missing
	 * @throws IllegalArgumentException if the output is not a summary (for example when
	 * NMT is off)
	 */
	public NativeMemory read() throws JMException {
		Object output = this.server.invoke(this.name, "vmNativeMemory", new Object[] { new String[] { "summary" } },
				SIGNATURE);
		return NativeMemoryParser.parse(String.valueOf(output));
	}

}
