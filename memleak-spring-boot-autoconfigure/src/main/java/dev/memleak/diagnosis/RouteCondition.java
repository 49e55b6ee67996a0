package dev.memleak.diagnosis;

import java.util.HashSet;
import java.util.Set;

/**
 * The HTTP methods and path patterns a functional endpoint's request predicate accepts,
 * as its visitor reports them; nested predicates combine by prefixing their paths.
 * Predicates other than method and path are ignored.
 *
 * @param methods the HTTP methods, empty for any
 * @param paths the path patterns, empty for any
 * @author memleak
 */
record RouteCondition(Set<String> methods, Set<String> paths) {

	static final RouteCondition ANY = new RouteCondition(Set.of(), Set.of());

	RouteCondition {
		methods = Set.copyOf(methods);
		paths = Set.copyOf(paths);
	}

	/**
	 * Return the condition of a route nested in this one.
	 * @param inner the nested route's own condition
	 * @return both combined
	 */
	RouteCondition and(RouteCondition inner) {
		Set<String> methods = inner.methods.isEmpty() ? this.methods : inner.methods;
		Set<String> paths = new HashSet<>();
		if (this.paths.isEmpty()) {
			paths.addAll(inner.paths);
		}
		else if (inner.paths.isEmpty()) {
			paths.addAll(this.paths);
		}
		else {
			this.paths.forEach((prefix) -> inner.paths.forEach((path) -> paths.add(prefix + path)));
		}
		return new RouteCondition(methods, paths);
	}

	/**
	 * Collects what a predicate visitor reports.
	 */
	static final class Collector {

		private final Set<String> methods = new HashSet<>();

		private final Set<String> paths = new HashSet<>();

		void method(String method) {
			this.methods.add(method);
		}

		void path(String pattern) {
			this.paths.add(pattern);
		}

		RouteCondition condition() {
			return new RouteCondition(this.methods, this.paths);
		}

	}

}
