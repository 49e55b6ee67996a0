package dev.memleak.heap;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Counts G1's concurrent-cycle pauses (Remark and Cleanup) through the JVM's own
 * performance counter {@code sun.gc.collector.2.invocations}, read from the memory-mapped
 * {@code hsperfdata} file that {@code jstat} reads. On JDK 17 to 19 nothing else outside
 * JFR reports that a marking cycle ended; one read is a memory load, so it can be checked
 * on every GC notification. The file exists unless the JVM runs with
 * {@code -XX:-UsePerfData} or {@code -XX:+PerfDisableSharedMem}, or cannot write its
 * temporary directory.
 *
 * @author memleak
 */
final class G1PauseCounter {

	/** The counter of G1's "stop-the-world phases" of concurrent cycles. */
	static final String COUNTER = "sun.gc.collector.2.invocations";

	private static final int MAGIC = 0xcafec0c0;

	private static final String INIT_DONE_TIME = "sun.rt.vmInitDoneTime";

	private final MappedByteBuffer buffer;

	private final int offset;

	private G1PauseCounter(MappedByteBuffer buffer, int offset) {
		this.buffer = buffer;
		this.offset = offset;
	}

	/**
	 * Return the number of G1 Remark and Cleanup pauses so far.
	 * @return the count
	 */
	long pauses() {
		return this.buffer.getLong(this.offset);
	}

	/**
	 * Open this JVM's counter.
	 * @param pid this process's id
	 * @param startTime this JVM's start time ({@code RuntimeMXBean.getStartTime()}),
	 * which the file must carry to be this JVM's
	 * @param directories where to look for {@code hsperfdata_<user>/<pid>}
	 * @return the counter, or {@code null} if this JVM has no such file or counter
	 */
	static @Nullable G1PauseCounter open(long pid, long startTime, Set<Path> directories) {
		for (Path directory : directories) {
			try (DirectoryStream<Path> users = Files.newDirectoryStream(directory, "hsperfdata_*")) {
				for (Path user : users) {
					Path file = user.resolve(Long.toString(pid));
					if (Files.isRegularFile(file)) {
						G1PauseCounter counter = open(file, startTime);
						if (counter != null) {
							return counter;
						}
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// Not readable here: try the next directory.
			}
		}
		return null;
	}

	/**
	 * Open this JVM's counter from the default locations: {@code /tmp}, where HotSpot
	 * writes it on Linux, and {@code java.io.tmpdir}.
	 * @param pid this process's id
	 * @param startTime this JVM's start time
	 * @return the counter, or {@code null}
	 */
	static @Nullable G1PauseCounter open(long pid, long startTime) {
		Set<Path> directories = new LinkedHashSet<>();
		directories.add(Paths.get("/tmp"));
		directories.add(Paths.get(System.getProperty("java.io.tmpdir")));
		return open(pid, startTime, directories);
	}

	private static @Nullable G1PauseCounter open(Path file, long startTime) throws IOException {
		MappedByteBuffer buffer;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
		}
		// The prologue: magic (always big-endian), byte order, major and minor version,
		// accessible flag, used, overflow, modification time, entry offset, entries.
		if (buffer.capacity() < 32 || buffer.getInt(0) != MAGIC || buffer.get(5) != 2) {
			return null;
		}
		buffer.order((buffer.get(4) == 0) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
		int entry = buffer.getInt(24);
		int entries = buffer.getInt(28);
		int counter = -1;
		long initDone = -1;
		for (int i = 0; i < entries && entry > 0 && entry + 20 <= buffer.capacity(); i++) {
			// An entry: length, name offset, vector length, type, flags, units,
			// variability, data offset; the name is NUL-terminated ASCII.
			int length = buffer.getInt(entry);
			boolean scalarLong = buffer.getInt(entry + 8) == 0 && buffer.get(entry + 12) == 'J';
			if (scalarLong) {
				String name = name(buffer, entry + buffer.getInt(entry + 4));
				int data = entry + buffer.getInt(entry + 16);
				if (COUNTER.equals(name)) {
					counter = data;
				}
				else if (INIT_DONE_TIME.equals(name)) {
					initDone = buffer.getLong(data);
				}
			}
			if (length <= 0) {
				break;
			}
			entry += length;
		}
		// The same pid in another container sharing /tmp would be another JVM.
		return (counter > 0 && initDone == startTime) ? new G1PauseCounter(buffer, counter) : null;
	}

	private static String name(MappedByteBuffer buffer, int start) {
		int end = start;
		while (end < buffer.capacity() && buffer.get(end) != 0) {
			end++;
		}
		byte[] bytes = new byte[end - start];
		buffer.get(start, bytes);
		return new String(bytes, StandardCharsets.US_ASCII);
	}

}
