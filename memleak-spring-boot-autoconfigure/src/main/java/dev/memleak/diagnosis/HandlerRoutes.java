package dev.memleak.diagnosis;

import java.util.List;

/**
 * The application's handler methods and their routes, read from its handler mappings.
 *
 * @author memleak
 */
@FunctionalInterface
public interface HandlerRoutes {

	/**
	 * Return every handler method with its routes.
	 * @return the mappings; empty if the application serves no routes
	 */
	List<RouteMapping> routeMappings();

}
