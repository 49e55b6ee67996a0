package dev.memleak.request;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Derives the default of {@code memleak.request.exclude}: the paths where the actuator's
 * web endpoints are served on the application's own port, relative to the context path or
 * WebFlux base path, so that scrapes and probes never become measured routes.
 *
 * @param paths the path patterns to exclude
 * @author memleak
 */
public record ActuatorExclusions(List<String> paths) {

	/** Spring Boot's default management base path. */
	static final List<String> DEFAULT = List.of("/actuator/**");

	/**
	 * Copy.
	 */
	public ActuatorExclusions {
		paths = List.copyOf(paths);
	}

	/**
	 * No exclusions: the application serves no actuator endpoint.
	 * @return no exclusions
	 */
	public static ActuatorExclusions none() {
		return new ActuatorExclusions(List.of());
	}

	/**
	 * Derive the exclusions.
	 * @param seen whether the request filter sees the actuator's requests: on the
	 * application's port, or on a management port of its own in a WebFlux application
	 * (whose management server applies the application's WebFilters); not on a servlet
	 * management server of its own, nor when the actuator is off over HTTP
	 * @param prefix the DispatcherServlet's path in a servlet application ({@code ""} or
	 * {@code "/"} for the root, and in WebFlux applications, whose base path is already
	 * outside the path the filter matches)
	 * @param basePath {@code management.endpoints.web.base-path}
	 * @param endpointPaths the endpoints' paths under the base path, used when the base
	 * path is the root, where excluding everything below it would exclude every route
	 * @return the exclusions
	 */
	public static ActuatorExclusions derive(boolean seen, String prefix, String basePath,
			Collection<String> endpointPaths) {
		if (!seen) {
			return none();
		}
		String root = withoutTrailingSlash(prefix);
		String base = withoutTrailingSlash(basePath);
		if (!base.isEmpty()) {
			return new ActuatorExclusions(List.of(root + leadingSlash(base) + "/**"));
		}
		List<String> paths = new ArrayList<>();
		for (String path : endpointPaths) {
			String endpoint = withoutTrailingSlash(path);
			if (!endpoint.isEmpty()) {
				paths.add(root + leadingSlash(endpoint) + "/**");
			}
		}
		return new ActuatorExclusions(paths);
	}

	private static String withoutTrailingSlash(String path) {
		String trimmed = path.trim();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}

	private static String leadingSlash(String path) {
		return path.startsWith("/") ? path : "/" + path;
	}

}
