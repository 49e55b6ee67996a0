package dev.memleak.diagnosis;

import java.util.Set;

/**
 * The routes a handler method serves, as a handler mapping declares them.
 *
 * @param handler the handler method, {@code pkg.Class.method}, as it appears in stack
 * frames
 * @param methods the HTTP methods it accepts; empty if it accepts any
 * @param patterns its path patterns, such as {@code /owners/{id}}
 * @author memleak
 */
public record RouteMapping(String handler, Set<String> methods, Set<String> patterns) {

	public RouteMapping {
		methods = Set.copyOf(methods);
		patterns = Set.copyOf(patterns);
	}

}
