package dev.memleak.diagnosis;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;

/**
 * Handler routes read from the application's handler mappings once the context is
 * refreshed: before that, the mappings may not be complete, and reading them from another
 * thread could create beans. Spring MVC and WebFlux have alike but unrelated handler
 * mapping types, so each stack's subclass only reads its own.
 *
 * @author memleak
 */
abstract class HandlerMappingRoutes implements HandlerRoutes, ApplicationListener<ContextRefreshedEvent> {

	private final Function<ApplicationContext, List<RouteMapping>> reader;

	private volatile List<RouteMapping> mappings = List.of();

	/**
	 * Create routes read by a stack's reader.
	 * @param reader reads the routes of an application's handler mappings
	 */
	HandlerMappingRoutes(Function<ApplicationContext, List<RouteMapping>> reader) {
		this.reader = reader;
	}

	@Override
	public final List<RouteMapping> routeMappings() {
		return this.mappings;
	}

	@Override
	public final void onApplicationEvent(ContextRefreshedEvent event) {
		this.mappings = this.reader.apply(event.getApplicationContext());
	}

	/**
	 * Return the route mapping of a handler method.
	 * @param handler the handler method
	 * @param methods the HTTP methods its request mapping accepts
	 * @param patterns its path patterns
	 * @return the mapping, its handler named as it appears in stack frames
	 */
	static RouteMapping routeOf(HandlerMethod handler, Set<RequestMethod> methods, Set<String> patterns) {
		Method method = handler.getMethod();
		return new RouteMapping(method.getDeclaringClass().getName() + "." + method.getName(),
				methods.stream().map(RequestMethod::name).collect(Collectors.toSet()), patterns);
	}

}
