package dev.memleak.sites;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code jdk.OldObjectSample} events of one emission from a JFR file, one event
 * at a time. Events are deduplicated by allocation time and thread: when another
 * recording emits its samples at the same moment, the same samples appear twice.
 *
 * @author memleak
 */
final class OldObjectSampleReader {

	static final String EVENT = "jdk.OldObjectSample";

	private static final int MAX_FRAMES = 64;

	private static final int MAX_CHAIN = 16;

	private OldObjectSampleReader() {
	}

	/**
	 * Read the samples of a file.
	 * @param file the JFR file
	 * @param maxSamples the most samples read; the rest are ignored
	 * @return the samples, in the order of the file
	 * @throws IOException if the file cannot be read or is not a JFR file
	 */
	static List<OldObjectSample> read(Path file, int maxSamples) throws IOException {
		List<OldObjectSample> samples = new ArrayList<>();
		Set<SampleId> seen = new HashSet<>();
		try (RecordingFile recording = new RecordingFile(file)) {
			while (recording.hasMoreEvents() && samples.size() < maxSamples) {
				RecordedEvent event = recording.readEvent();
				if (EVENT.equals(event.getEventType().getName()) && seen.add(idOf(event))) {
					samples.add(sample(event));
				}
			}
		}
		return samples;
	}

	private static SampleId idOf(RecordedEvent event) {
		RecordedThread thread = event.getThread("eventThread");
		return new SampleId(event.getLong("allocationTime"), (thread != null) ? thread.getId() : -1);
	}

	private static OldObjectSample sample(RecordedEvent event) {
		RecordedObject object = event.getValue("object");
		RecordedClass type = (object != null) ? object.getClass("type") : null;
		String className = (type != null) ? type.getName() : "unknown";
		return new OldObjectSample(className, event.getInstant("allocationTime"), frames(event.getStackTrace()),
				referenceChain(object, event.getValue("root")));
	}

	private static List<Frame> frames(@Nullable RecordedStackTrace stackTrace) {
		if (stackTrace == null) {
			return List.of();
		}
		List<Frame> frames = new ArrayList<>();
		for (RecordedFrame frame : stackTrace.getFrames()) {
			if (frames.size() == MAX_FRAMES) {
				break;
			}
			if (frame.isJavaFrame() && frame.getMethod() != null) {
				frames.add(new Frame(frame.getMethod().getType().getName(), frame.getMethod().getName(),
						frame.getLineNumber()));
			}
		}
		return frames;
	}

	// From the sampled object to the root: each line names what holds the object below.
	private static List<String> referenceChain(@Nullable RecordedObject object, @Nullable RecordedObject root) {
		List<String> chain = new ArrayList<>();
		RecordedObject reference = (object != null) ? object.getValue("referrer") : null;
		while (reference != null && chain.size() < MAX_CHAIN) {
			RecordedObject holder = reference.getValue("object");
			if (holder == null) {
				break;
			}
			chain.add(holderLine(holder, reference));
			int skipped = reference.getInt("skip");
			if (skipped > 0) {
				chain.add("... " + skipped + " more");
			}
			reference = holder.getValue("referrer");
		}
		if (reference != null) {
			chain.add("...");
		}
		if (root != null && !chain.isEmpty()) {
			chain.add("GC root: " + root.getString("type") + " (" + root.getString("system") + ")"
					+ describe(root.getString("description")));
		}
		return chain;
	}

	private static String holderLine(RecordedObject holder, RecordedObject reference) {
		RecordedClass type = holder.getClass("type");
		String typeName = (type != null) ? TypeNames.readable(type.getName()) : "unknown";
		RecordedObject field = reference.getValue("field");
		RecordedObject array = reference.getValue("array");
		String description = holder.getString("description");
		if (field != null) {
			String name = field.getString("name");
			// A static field is held by the java.lang.Class mirror of its class.
			if ("java.lang.Class".equals(typeName) && description != null && description.startsWith("Class Name: ")) {
				return description.substring("Class Name: ".length()) + "." + name + " (static)";
			}
			return typeName + "." + name;
		}
		if (array != null) {
			return typeName.replaceFirst("\\[]$", "") + "[" + array.getLong("index") + "]";
		}
		return typeName + describe(description);
	}

	private static String describe(@Nullable String description) {
		return (description != null && !description.isBlank()) ? ": " + description : "";
	}

	private record SampleId(long allocationTicks, long threadId) {

	}

}
