package dev.memleak.sites;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.memleak.core.OwnPackages;
import org.jspecify.annotations.Nullable;

/**
 * Renders allocation stacks with the application's frames first: the allocating frame is
 * always kept (it says what allocates, {@code java.util.Arrays.copyOf} say), then the
 * application frames below it, each run of framework frames between them folded into one
 * line. A stack without any application frame keeps its top frames as they are. The key
 * of a site is made of the kept frames only, so allocations from the same application
 * code through different framework paths are one site.
 *
 * @author memleak
 */
final class StackFolding {

	/**
	 * Framework packages folded unless {@code memleak.sites.framework-packages} is set.
	 */
	static final List<String> DEFAULT_FRAMEWORK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
			"jakarta.", "kotlin.", "kotlinx.", "scala.", "groovy.", "org.springframework.", "org.apache.catalina.",
			"org.apache.coyote.", "org.apache.tomcat.", "org.apache.el.", "org.eclipse.jetty.", "io.undertow.",
			"io.netty.", "reactor.", "io.micrometer.", "org.hibernate.", "com.fasterxml.jackson.", "tools.jackson.",
			"ch.qos.logback.", "org.apache.logging.", "org.slf4j.", "com.zaxxer.hikari.", "io.opentelemetry.",
			"org.aspectj.", "io.prometheus.", "org.junit.");

	private static final int MAX_FOLDED_PACKAGES = 3;

	private final List<String> frameworkPackages;

	private final int maxFrames;

	/**
	 * Create an instance.
	 * @param frameworkPackages package prefixes of framework code; memleak's own frames
	 * (the request filter, the task decorator, its schedulers) are always framework
	 * frames
	 * @param maxFrames the most frames kept, folded lines not counted
	 */
	StackFolding(List<String> frameworkPackages, int maxFrames) {
		this.frameworkPackages = OwnPackages.withFrameworkPackages(frameworkPackages);
		this.maxFrames = maxFrames;
	}

	/**
	 * Fold a stack.
	 * @param frames the stack, the allocating frame first
	 * @return the rendered lines and the site key
	 */
	Folded fold(List<Frame> frames) {
		if (frames.isEmpty()) {
			return new Folded(List.of(), List.of(), null);
		}
		if (frames.stream().allMatch(this::isFramework)) {
			List<String> lines = frames.stream().limit(this.maxFrames).map(Frame::toString).toList();
			return new Folded(withRest(lines, frames.size() - lines.size()), lines, null);
		}
		List<String> lines = new ArrayList<>();
		List<String> key = new ArrayList<>();
		String top = frames.get(0).toString();
		lines.add(top);
		key.add(top);
		String application = isFramework(frames.get(0)) ? null : top;
		int kept = 1;
		int index = 1;
		while (index < frames.size() && kept < this.maxFrames) {
			int runEnd = index;
			while (runEnd < frames.size() && isFramework(frames.get(runEnd))) {
				runEnd++;
			}
			if (runEnd == frames.size()) {
				break;
			}
			if (runEnd > index) {
				lines.add(folded(frames.subList(index, runEnd)));
			}
			String frame = frames.get(runEnd).toString();
			lines.add(frame);
			key.add(frame);
			application = (application != null) ? application : frame;
			kept++;
			index = runEnd + 1;
		}
		if (application == null) {
			// The only application frames are past max-frames: the first of them.
			application = frames.stream()
				.filter((frame) -> !isFramework(frame))
				.findFirst()
				.map(Frame::toString)
				.orElse(null);
		}
		return new Folded(withRest(lines, frames.size() - index), key, application);
	}

	boolean isFramework(Frame frame) {
		String name = frame.className();
		return startsWithAny(name, this.frameworkPackages);
	}

	/**
	 * Whether memleak itself allocated an object: its stack runs through memleak and has
	 * no application frame. Such objects fill memleak's own bounded stores (the snapshot
	 * history, say) and are never reported, as memleak's classes are never suspects.
	 * @param frames the allocation stack
	 * @return {@code true} for memleak's own allocations
	 */
	boolean isOwn(List<Frame> frames) {
		boolean own = false;
		for (Frame frame : frames) {
			if (!isFramework(frame)) {
				return false;
			}
			own = own || OwnPackages.contains(frame.className());
		}
		return own;
	}

	private static boolean startsWithAny(String name, List<String> prefixes) {
		for (String prefix : prefixes) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private String folded(List<Frame> run) {
		Set<String> packages = new TreeSet<>();
		for (Frame frame : run) {
			packages.add(packageRoot(frame.className()));
		}
		String names = String.join(", ", packages.stream().limit(MAX_FOLDED_PACKAGES).toList())
				+ ((packages.size() > MAX_FOLDED_PACKAGES) ? ", ..." : "");
		return "... " + run.size() + ((run.size() == 1) ? " framework frame (" : " framework frames (") + names + ")";
	}

	// The first two segments of a package: org.springframework, java.util.
	private static String packageRoot(String className) {
		int first = className.indexOf('.');
		int second = (first >= 0) ? className.indexOf('.', first + 1) : -1;
		return (second > 0) ? className.substring(0, second) : className;
	}

	private static List<String> withRest(List<String> lines, int rest) {
		if (rest <= 0) {
			return lines;
		}
		List<String> result = new ArrayList<>(lines);
		result.add("... " + rest + " more");
		return result;
	}

	/**
	 * A folded stack.
	 *
	 * @param lines the rendered lines, folded runs included
	 * @param key the kept frames, which identify the site
	 * @param applicationFrame the first application frame, or {@code null} if the stack
	 * has none
	 */
	record Folded(List<String> lines, List<String> key, @Nullable String applicationFrame) {

		boolean application() {
			return this.applicationFrame != null;
		}

	}

}
