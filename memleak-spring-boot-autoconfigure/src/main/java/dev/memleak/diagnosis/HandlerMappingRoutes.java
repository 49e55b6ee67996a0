package dev.memleak.diagnosis;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.memleak.core.FailureRecorder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;

/**
 * Handler routes read from the application's handler mappings once the context is
 * refreshed: before that, the mappings may not be complete, and reading them from another
 * thread could create beans. Spring MVC and WebFlux have alike but unrelated handler
 * mapping types, so each stack's subclass only reads its own. A failure to read them
 * never reaches the application's startup: it is counted under {@code diagnosis}, and the
 * diagnosis then names no route.
 *
 * @author memleak
 */
abstract class HandlerMappingRoutes implements HandlerRoutes, ApplicationListener<ContextRefreshedEvent> {

	private final Function<ApplicationContext, List<RouteMapping>> reader;

	private final @Nullable FailureRecorder failures;

	private volatile List<RouteMapping> mappings = List.of();

	/**
	 * Create routes read by a stack's reader.
	 * @param reader reads the routes of an application's handler mappings
	 * @param failures where a failure to read them is counted, or {@code null}
	 */
	HandlerMappingRoutes(Function<ApplicationContext, List<RouteMapping>> reader, @Nullable FailureRecorder failures) {
		this.reader = reader;
		this.failures = failures;
	}

	@Override
	public final List<RouteMapping> routeMappings() {
		return this.mappings;
	}

	@Override
	public final void onApplicationEvent(ContextRefreshedEvent event) {
		try {
			this.mappings = List.copyOf(this.reader.apply(event.getApplicationContext()));
		}
		catch (RuntimeException | LinkageError ex) {
			this.mappings = List.of();
			if (this.failures != null) {
				this.failures.record("diagnosis", ex);
			}
		}
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
