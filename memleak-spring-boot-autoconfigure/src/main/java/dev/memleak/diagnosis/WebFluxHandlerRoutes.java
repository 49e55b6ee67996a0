package dev.memleak.diagnosis;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The handler methods of Spring WebFlux ({@code @RequestMapping} and its variants) and
 * its functional endpoints ({@code RouterFunction} beans, see
 * {@link WebFluxRouterFunctions}), read from the application's handler mappings once the
 * context is refreshed.
 *
 * @author memleak
 */
public final class WebFluxHandlerRoutes implements HandlerRoutes, ApplicationListener<ContextRefreshedEvent> {

	private volatile List<RouteMapping> mappings = List.of();

	@Override
	public List<RouteMapping> routeMappings() {
		return this.mappings;
	}

	@Override
	public void onApplicationEvent(ContextRefreshedEvent event) {
		this.mappings = read(event.getApplicationContext());
	}

	static List<RouteMapping> read(ApplicationContext context) {
		List<RouteMapping> mappings = new ArrayList<>();
		for (RequestMappingInfoHandlerMapping handlerMapping : context
			.getBeansOfType(RequestMappingInfoHandlerMapping.class)
			.values()) {
			for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : handlerMapping.getHandlerMethods().entrySet()) {
				Method method = entry.getValue().getMethod();
				Set<String> methods = entry.getKey()
					.getMethodsCondition()
					.getMethods()
					.stream()
					.map(RequestMethod::name)
					.collect(Collectors.toSet());
				Set<String> patterns = entry.getKey()
					.getPatternsCondition()
					.getPatterns()
					.stream()
					.map(PathPattern::getPatternString)
					.collect(Collectors.toSet());
				mappings.add(new RouteMapping(method.getDeclaringClass().getName() + "." + method.getName(), methods,
						patterns));
			}
		}
		for (RouterFunctionMapping functionMapping : context.getBeansOfType(RouterFunctionMapping.class).values()) {
			RouterFunction<?> routerFunction = functionMapping.getRouterFunction();
			if (routerFunction != null) {
				mappings.addAll(WebFluxRouterFunctions.read(routerFunction));
			}
		}
		return List.copyOf(mappings);
	}

}
