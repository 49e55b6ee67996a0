package dev.memleak.request;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Reads where the actuator's web endpoints are served, for {@link ActuatorExclusions}.
 * Loaded only when the actuator is present.
 *
 * @author memleak
 */
final class ActuatorPaths {

	private ActuatorPaths() {
	}

	static ActuatorExclusions exclusions(Environment environment, WebEndpointProperties endpoints,
			ObjectProvider<PathMappedEndpoints> mapped, boolean servlet) {
		ManagementPortType port = ManagementPortType.get(environment);
		// A WebFlux management server of its own applies the application's WebFilters
		// too; a servlet one does not apply the application's filters.
		boolean seen = port == ManagementPortType.SAME || (port == ManagementPortType.DIFFERENT && !servlet);
		// In a servlet application the actuator is mapped under the DispatcherServlet's
		// path; a WebFlux base path is outside the path the filter matches.
		String prefix = servlet ? Binder.get(environment).bind("spring.mvc.servlet.path", String.class).orElse("") : "";
		String basePath = endpoints.getBasePath();
		boolean root = basePath == null || basePath.isBlank() || basePath.equals("/");
		// Endpoint paths are needed only for the root base path: reading them discovers
		// the endpoints.
		PathMappedEndpoints paths = root ? mapped.getIfAvailable() : null;
		return ActuatorExclusions.derive(seen, prefix, (basePath != null) ? basePath : "", allPaths(paths));
	}

	private static List<String> allPaths(@Nullable PathMappedEndpoints paths) {
		return (paths != null) ? List.copyOf(paths.getAllPaths()) : List.of();
	}

}
