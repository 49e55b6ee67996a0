package dev.memleak.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.memleak.core.FailureRecorder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The handler methods of Spring WebFlux ({@code @RequestMapping} and its variants) and
 * its functional endpoints ({@code RouterFunction} beans, see {@link FunctionalRoutes}),
 * read from the application's handler mappings once the context is refreshed.
 *
 * @author memleak
 */
public final class WebFluxHandlerRoutes extends HandlerMappingRoutes {

	/**
	 * Create routes that are read when the context is refreshed; a failure to read them
	 * is not counted.
	 */
	public WebFluxHandlerRoutes() {
		this(null);
	}

	/**
	 * Create routes that are read when the context is refreshed.
	 * @param failures where a failure to read them is counted, or {@code null}
	 */
	public WebFluxHandlerRoutes(@Nullable FailureRecorder failures) {
		super(WebFluxHandlerRoutes::read, failures);
	}

	static List<RouteMapping> read(ApplicationContext context) {
		List<RouteMapping> mappings = new ArrayList<>();
		for (RequestMappingInfoHandlerMapping handlerMapping : context
			.getBeansOfType(RequestMappingInfoHandlerMapping.class)
			.values()) {
			handlerMapping.getHandlerMethods()
				.forEach((info, handler) -> mappings
					.add(routeOf(handler, info.getMethodsCondition().getMethods(), patternsOf(info))));
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

	private static Set<String> patternsOf(RequestMappingInfo info) {
		return info.getPatternsCondition()
			.getPatterns()
			.stream()
			.map(PathPattern::getPatternString)
			.collect(Collectors.toSet());
	}

}
