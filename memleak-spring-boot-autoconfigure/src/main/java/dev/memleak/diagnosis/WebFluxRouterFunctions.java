package dev.memleak.diagnosis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The routes of Spring WebFlux's functional endpoints. A handler function is usually a
 * lambda or a method reference, whose target method cannot be read at run time; but the
 * lambda's own class is on the allocation stack, right above the target, as a frame of
 * its {@code handle} method, so that is the handler frame. Nested paths are combined;
 * predicates other than method and path are ignored.
 *
 * @author memleak
 */
final class WebFluxRouterFunctions implements RouterFunctions.Visitor {

	private final List<RouteMapping> mappings = new ArrayList<>();

	private final Deque<RouteCondition> nested = new ArrayDeque<>();

	static List<RouteMapping> read(RouterFunction<?> routerFunction) {
		WebFluxRouterFunctions visitor = new WebFluxRouterFunctions();
		routerFunction.accept(visitor);
		return visitor.mappings;
	}

	@Override
	public void startNested(RequestPredicate predicate) {
		this.nested.push(current().and(conditionOf(predicate)));
	}

	@Override
	public void endNested(RequestPredicate predicate) {
		this.nested.pop();
	}

	@Override
	public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
		RouteCondition condition = current().and(conditionOf(predicate));
		if (!condition.paths().isEmpty()) {
			this.mappings.add(new RouteMapping(LambdaFrames.handlerOf(handlerFunction.getClass(), "handle"),
					condition.methods(), condition.paths()));
		}
	}

	@Override
	public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {
	}

	@Override
	public void attributes(Map<String, Object> attributes) {
	}

	@Override
	public void unknown(RouterFunction<?> routerFunction) {
	}

	private RouteCondition current() {
		return this.nested.isEmpty() ? RouteCondition.ANY : this.nested.peek();
	}

	private static RouteCondition conditionOf(RequestPredicate predicate) {
		RouteCondition.Collector collector = new RouteCondition.Collector();
		predicate.accept(new RequestPredicates.Visitor() {

			@Override
			public void method(Set<HttpMethod> accepted) {
				accepted.forEach((method) -> collector.method(method.name()));
			}

			@Override
			public void path(String pattern) {
				collector.path(pattern);
			}

			@Override
			public void pathExtension(String extension) {
			}

			@Override
			public void header(String name, String value) {
			}

			@Override
			public void queryParam(String name, String value) {
			}

			@Override
			public void version(String version) {
			}

			@Override
			public void startAnd() {
			}

			@Override
			public void and() {
			}

			@Override
			public void endAnd() {
			}

			@Override
			public void startOr() {
			}

			@Override
			public void or() {
			}

			@Override
			public void endOr() {
			}

			@Override
			public void startNegate() {
			}

			@Override
			public void endNegate() {
			}

			@Override
			public void unknown(RequestPredicate unknown) {
			}

		});
		return collector.condition();
	}

}
