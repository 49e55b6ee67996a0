package dev.memleak.endpoint;

import java.util.List;
import java.util.function.Predicate;

import dev.memleak.core.OwnPackages;

/**
 * Tells the application's frames of a leak site's stack from framework frames, with the
 * package prefixes the stacks were folded by ({@code memleak.sites.framework-packages}
 * and memleak's own packages, whose frames are never the application's).
 *
 * @author memleak
 */
final class ApplicationFrames implements Predicate<String> {

	private final List<String> frameworkPackages;

	ApplicationFrames(List<String> frameworkPackages) {
		this.frameworkPackages = OwnPackages.withFrameworkPackages(frameworkPackages);
	}

	/**
	 * Whether a line of a stack is an application frame.
	 * @param line a frame such as {@code com.example.Foo.bar(Foo.java:12)}, or a folded
	 * line such as {@code ... 3 framework frames (org.springframework)}
	 * @return {@code true} for a frame outside the framework packages and memleak's own
	 */
	@Override
	public boolean test(String line) {
		if (line.startsWith("... ")) {
			return false;
		}
		int parenthesis = line.indexOf('(');
		String method = (parenthesis > 0) ? line.substring(0, parenthesis) : line;
		int dot = method.lastIndexOf('.');
		String className = (dot > 0) ? method.substring(0, dot) : method;
		return this.frameworkPackages.stream().noneMatch(className::startsWith);
	}

}
