package dev.memleak.diagnosis;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.springframework.http.HttpMethod;

/**
 * The routes of functional endpoints, for Spring MVC and WebFlux alike, read through
 * their router function and request predicate visitors. A handler function is usually a
 * lambda or a method reference, whose target method cannot be read at run time; but the
 * lambda's own class is on the allocation stack, right above the target, as a frame of
 * its {@code handle} method, so that is the handler frame. Nested paths are combined;
 * predicates other than method and path are ignored.
 * <p>
 * The two stacks' visitor interfaces have the same callbacks but no common type, and only
 * five of their twenty-one callbacks matter here, so the visitors are proxies that take
 * those five by name and ignore the rest, including any a later Spring Framework adds (an
 * implementing class would fail with {@link AbstractMethodError} on them).
 *
 * @param <Q> the stack's request predicate type
 * @param <P> the stack's request predicate visitor type
 * @author memleak
 */
final class FunctionalRoutes<Q, P> {

	private final List<RouteMapping> mappings = new ArrayList<>();

	private final Deque<RouteCondition> nested = new ArrayDeque<>();

	private final BiConsumer<Q, P> predicateAccept;

	private final P predicateVisitor;

	private RouteCondition.Collector reported = new RouteCondition.Collector();

	private FunctionalRoutes(Class<P> predicateVisitorType, BiConsumer<Q, P> predicateAccept) {
		this.predicateAccept = predicateAccept;
		this.predicateVisitor = visitor(predicateVisitorType, this::onPredicateCallback);
	}

	/**
	 * Return the routes of a router function.
	 * @param <R> the stack's router function visitor type
	 * @param <Q> the stack's request predicate type
	 * @param <P> the stack's request predicate visitor type
	 * @param routerFunction accepts a visitor, as the router function does
	 * @param routerVisitorType the stack's {@code RouterFunctions.Visitor}
	 * @param predicateVisitorType the stack's {@code RequestPredicates.Visitor}
	 * @param predicateAccept lets a request predicate accept a visitor
	 * @return the route mappings, in the order the router function visits them
	 */
	static <R, Q, P> List<RouteMapping> read(Consumer<R> routerFunction, Class<R> routerVisitorType,
			Class<P> predicateVisitorType, BiConsumer<Q, P> predicateAccept) {
		FunctionalRoutes<Q, P> routes = new FunctionalRoutes<>(predicateVisitorType, predicateAccept);
		routerFunction.accept(visitor(routerVisitorType, routes::onRouterCallback));
		return List.copyOf(routes.mappings);
	}

	@SuppressWarnings("unchecked")
	private void onRouterCallback(String name, Object[] args) {
		switch (name) {
			case "startNested" -> this.nested.push(current().and(conditionOf((Q) args[0])));
			case "endNested" -> this.nested.pop();
			case "route" -> route((Q) args[0], args[1].getClass());
			default -> {
				// resources, attributes and unknown router functions serve no route we
				// could name
			}
		}
	}

	@SuppressWarnings("unchecked")
	private void onPredicateCallback(String name, Object[] args) {
		switch (name) {
			case "method" -> ((Set<HttpMethod>) args[0]).forEach((method) -> this.reported.method(method.name()));
			case "path" -> this.reported.path((String) args[0]);
			default -> {
				// other predicates (headers, parameters, versions) and how predicates
				// combine are ignored
			}
		}
	}

	private void route(Q predicate, Class<?> handlerType) {
		RouteCondition condition = current().and(conditionOf(predicate));
		if (!condition.paths().isEmpty()) {
			this.mappings.add(new RouteMapping(LambdaFrames.handlerOf(handlerType, "handle"), condition.methods(),
					condition.paths()));
		}
	}

	private RouteCondition current() {
		return this.nested.isEmpty() ? RouteCondition.ANY : this.nested.peek();
	}

	private RouteCondition conditionOf(Q predicate) {
		this.reported = new RouteCondition.Collector();
		this.predicateAccept.accept(predicate, this.predicateVisitor);
		return this.reported.condition();
	}

	private static <V> V visitor(Class<V> type, BiConsumer<String, Object[]> callbacks) {
		InvocationHandler handler = (proxy, method, args) -> {
			if (method.getDeclaringClass() == Object.class) {
				return objectMethod(type, proxy, method, args);
			}
			if (method.isDefault()) {
				return InvocationHandler.invokeDefault(proxy, method, args);
			}
			callbacks.accept(method.getName(), args);
			return null;
		};
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler));
	}

	private static Object objectMethod(Class<?> type, Object proxy, Method method, Object[] args) {
		return switch (method.getName()) {
			case "equals" -> proxy == args[0];
			case "hashCode" -> System.identityHashCode(proxy);
			default -> "memleak's " + type.getName();
		};
	}

}
