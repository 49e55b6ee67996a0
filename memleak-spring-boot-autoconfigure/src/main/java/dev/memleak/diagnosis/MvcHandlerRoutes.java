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
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The handler methods of Spring MVC ({@code @RequestMapping} and its variants), read from
 * the application's handler mappings once the context is refreshed: before that, the
 * mappings may not be complete, and reading them from another thread could create beans.
 *
 * @author memleak
 */
public final class MvcHandlerRoutes implements HandlerRoutes, ApplicationListener<ContextRefreshedEvent> {

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
				mappings.add(new RouteMapping(method.getDeclaringClass().getName() + "." + method.getName(), methods,
						entry.getKey().getPatternValues()));
			}
		}
		for (RouterFunctionMapping functionMapping : context.getBeansOfType(RouterFunctionMapping.class).values()) {
			RouterFunction<?> routerFunction = functionMapping.getRouterFunction();
			if (routerFunction != null) {
				mappings.addAll(MvcRouterFunctions.read(routerFunction));
			}
		}
		return List.copyOf(mappings);
	}

}
