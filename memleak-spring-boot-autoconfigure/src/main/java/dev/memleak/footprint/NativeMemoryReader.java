package dev.memleak.footprint;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;

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

	private final Callable<String> command;

	/**
	 * Create a reader of this JVM.
	 */
	public NativeMemoryReader() {
		this(NativeMemoryReader::summaryOfThisJvm);
	}

	/**
	 * Create a reader of a command's output (tests replay recorded outputs).
	 * @param command returns the text of {@code VM.native_memory summary}
	 */
	NativeMemoryReader(Callable<String> command) {
		this.command = command;
	}

	/**
	 * Read the summary now.
	 * @return the summary
	 * @throws Exception if the command fails or the MBean is missing
	 * @throws IllegalArgumentException if the output is not a summary (for example when
	 * NMT is off)
	 */
	public NativeMemory read() throws Exception {
		return NativeMemoryParser.parse(this.command.call());
	}

	private static String summaryOfThisJvm() throws JMException {
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		Object output = server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
				new Object[] { new String[] { "summary" } }, SIGNATURE);
		return String.valueOf(output);
	}

}
