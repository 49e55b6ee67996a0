package dev.memleak.request;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Decides whether a request path is excluded from measurement. Patterns of the form
 * {@code /prefix/**} are checked with a string comparison, others with
 * {@link PathPattern}.
 *
 * @author memleak
 */
final class PathExclusions {

	private final String[] prefixes;

	private final PathPattern[] patterns;

	PathExclusions(List<String> patterns) {
		List<String> prefixes = new ArrayList<>();
		List<PathPattern> parsed = new ArrayList<>();
		for (String pattern : patterns) {
			if (isPrefixPattern(pattern)) {
				prefixes.add(pattern.substring(0, pattern.length() - 3));
			}
			else {
				parsed.add(parse(pattern));
			}
		}
		this.prefixes = prefixes.toArray(String[]::new);
		this.patterns = parsed.toArray(PathPattern[]::new);
	}

	static void validate(List<String> patterns) {
		patterns.forEach(PathExclusions::parse);
	}

	/**
	 * Whether a path is excluded.
	 * @param path the request's path within the application (without the servlet context
	 * path or the WebFlux base path)
	 * @return {@code true} if a pattern matches it
	 */
	boolean isExcluded(String path) {
		if (this.prefixes.length == 0 && this.patterns.length == 0) {
			return false;
		}
		for (String prefix : this.prefixes) {
			if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
				return true;
			}
		}
		if (this.patterns.length > 0) {
			PathContainer container = PathContainer.parsePath(path);
			for (PathPattern pattern : this.patterns) {
				if (pattern.matches(container)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean isPrefixPattern(String pattern) {
		if (!pattern.endsWith("/**")) {
			return false;
		}
		String prefix = pattern.substring(0, pattern.length() - 3);
		return prefix.startsWith("/") && prefix.chars().noneMatch((c) -> c == '*' || c == '?' || c == '{');
	}

	private static PathPattern parse(String pattern) {
		if (pattern == null || pattern.isBlank() || !pattern.startsWith("/")) {
			throw new IllegalArgumentException("memleak.request.exclude entries must be path patterns starting "
					+ "with '/' such as '/actuator/**', but got '" + pattern + "'");
		}
		try {
			return PathPatternParser.defaultInstance.parse(pattern);
		}
		catch (PatternParseException ex) {
			throw new IllegalArgumentException("memleak.request.exclude contains the malformed path pattern '" + pattern
					+ "': " + ex.getMessage() + " (see Spring's PathPattern syntax)");
		}
	}

}
