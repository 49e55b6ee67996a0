package dev.memleak.diagnosis;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The routes of Spring MVC's and WebFlux's functional endpoints, read through each
 * stack's real router function mapping by the shared {@link FunctionalRoutes}: a nested
 * route inherits its parent's method and path prefix, predicates other than method and
 * path are ignored, and a route without a path is left out.
 */
class FunctionalRoutesTests {

	@Test
	void mvcRoutesCombineNestedMethodsAndPathsAndSkipRoutesWithoutPaths() {
		RouterFunction<org.springframework.web.servlet.function.ServerResponse> routes = RouterFunctions.route()
			.path("/payments", (payments) -> payments.POST("/{id}", (request) -> null)
				.nest(RequestPredicates.GET("/archive"),
						(archive) -> archive.route(RequestPredicates.path("/{year}")
							.and(RequestPredicates.accept(MediaType.APPLICATION_JSON)), (request) -> null)))
			.route(RequestPredicates.accept(MediaType.TEXT_PLAIN), (request) -> null)
			.build();
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.registerBean(RouterFunctionMapping.class, () -> new RouterFunctionMapping(routes));
			context.refresh();
			assertNestedRoutes(MvcHandlerRoutes.read(context));
		}
	}

	@Test
	void webFluxRoutesCombineNestedMethodsAndPathsAndSkipRoutesWithoutPaths() {
		org.springframework.web.reactive.function.server.RouterFunction<ServerResponse> routes = org.springframework.web.reactive.function.server.RouterFunctions
			.route()
			.path("/payments", (payments) -> payments.POST("/{id}", (request) -> Mono.empty())
				.nest(org.springframework.web.reactive.function.server.RequestPredicates.GET("/archive"),
						(archive) -> archive
							.route(org.springframework.web.reactive.function.server.RequestPredicates.path("/{year}")
								.and(org.springframework.web.reactive.function.server.RequestPredicates
									.accept(MediaType.APPLICATION_JSON)), (request) -> Mono.empty())))
			.route(org.springframework.web.reactive.function.server.RequestPredicates.accept(MediaType.TEXT_PLAIN),
					(request) -> Mono.empty())
			.build();
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.registerBean(org.springframework.web.reactive.function.server.support.RouterFunctionMapping.class,
					() -> new org.springframework.web.reactive.function.server.support.RouterFunctionMapping(routes));
			context.refresh();
			assertNestedRoutes(WebFluxHandlerRoutes.read(context));
		}
	}

	private void assertNestedRoutes(List<RouteMapping> mappings) {
		assertThat(mappings).extracting(RouteMapping::methods, RouteMapping::patterns)
			.containsExactlyInAnyOrder(tuple(Set.of("POST"), Set.of("/payments/{id}")),
					tuple(Set.of("GET"), Set.of("/payments/archive/{year}")));
		assertThat(mappings).extracting(RouteMapping::handler)
			.allSatisfy(
					(handler) -> assertThat(handler).containsPattern("\\$\\$Lambda(\\$\\d+)?/0x").endsWith(".handle"));
	}

}
