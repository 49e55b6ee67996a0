package dev.memleak.diagnosis;

import java.util.ArrayList;
import java.util.List;

import dev.memleak.core.FailureRecorder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The handler methods of Spring MVC ({@code @RequestMapping} and its variants) and its
 * functional endpoints ({@code RouterFunction} beans, see {@link FunctionalRoutes}), read
 * from the application's handler mappings once the context is refreshed.
 *
 * @author memleak
 */
public final class MvcHandlerRoutes extends HandlerMappingRoutes {

	/**
	 * Create routes that are read when the context is refreshed; a failure to read them
	 * is not counted.
	 */
	public MvcHandlerRoutes() {
		this(null);
	}

	/**
	 * Create routes that are read when the context is refreshed.
	 * @param failures where a failure to read them is counted, or {@code null}
	 */
	public MvcHandlerRoutes(@Nullable FailureRecorder failures) {
		super(MvcHandlerRoutes::read, failures);
	}

	static List<RouteMapping> read(ApplicationContext context) {
		List<RouteMapping> mappings = new ArrayList<>();
		for (RequestMappingInfoHandlerMapping handlerMapping : context
			.getBeansOfType(RequestMappingInfoHandlerMapping.class)
			.values()) {
			handlerMapping.getHandlerMethods()
				.forEach((info, handler) -> mappings
					.add(routeOf(handler, info.getMethodsCondition().getMethods(), info.getPatternValues())));
		}
		for (RouterFunctionMapping functionMapping : context.getBeansOfType(RouterFunctionMapping.class).values()) {
			RouterFunction<?> routerFunction = functionMapping.getRouterFunction();
			if (routerFunction != null) {
				mappings.addAll(FunctionalRoutes.read(routerFunction::accept, RouterFunctions.Visitor.class,
						RequestPredicates.Visitor.class, RequestPredicate::accept));
			}
		}
		return List.copyOf(mappings);
	}

}
