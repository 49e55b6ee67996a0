package dev.memleak.core;

import java.util.ArrayList;
import java.util.List;

/**
 * memleak's own library packages: their frames are never the application's, and objects
 * allocated only from them are memleak's, never a leak of the application. Exactly these
 * prefixes, not all of {@code dev.memleak.}: the sample application
 * ({@code dev.memleak.sample}) and the test applications ({@code dev.memleak.webflux})
 * are applications like any other. A test keeps the list equal to the packages of the
 * jar.
 *
 * @author memleak
 */
public final class OwnPackages {

	/** The package prefixes, each ending with a dot. */
	public static final List<String> PREFIXES = List.of("dev.memleak.allocation.", "dev.memleak.core.",
			"dev.memleak.diagnosis.", "dev.memleak.endpoint.", "dev.memleak.escalation.", "dev.memleak.footprint.",
			"dev.memleak.heap.", "dev.memleak.request.", "dev.memleak.sites.", "dev.memleak.snapshot.",
			"dev.memleak.task.");

	private OwnPackages() {
	}

	/**
	 * Whether a class name is in one of memleak's packages (hidden classes such as
	 * {@code dev.memleak.heap.Foo$$Lambda/0x0000...} included).
	 * @param className a class's binary name
	 * @return {@code true} for memleak's own packages
	 */
	public static boolean contains(String className) {
		for (String prefix : PREFIXES) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return package prefixes that are not the application's: the given framework
	 * packages and memleak's own.
	 * @param frameworkPackages the framework packages
	 * @return both, the framework packages first
	 */
	public static List<String> withFrameworkPackages(List<String> frameworkPackages) {
		List<String> all = new ArrayList<>(frameworkPackages);
		PREFIXES.stream().filter((prefix) -> !all.contains(prefix)).forEach(all::add);
		return List.copyOf(all);
	}

}
