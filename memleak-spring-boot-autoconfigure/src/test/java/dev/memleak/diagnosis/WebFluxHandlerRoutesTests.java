package dev.memleak.diagnosis;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routes of a WebFlux application, annotated and functional, read from its real
 * handler mappings.
 */
class WebFluxHandlerRoutesTests {

	@Test
	void annotatedHandlersAndRouterFunctionsAreRead() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Routes.class)) {
			List<RouteMapping> mappings = WebFluxHandlerRoutes.read(context);
			assertThat(mappings)
				.contains(new RouteMapping("dev.memleak.diagnosis.WebFluxHandlerRoutesTests$Orders.order",
						Set.of("GET"), Set.of("/orders/{id}")));
			assertThat(mappings).anySatisfy((mapping) -> {
				assertThat(mapping.patterns()).containsExactly("/payments/{id}");
				assertThat(mapping.methods()).containsExactly("POST");
				assertThat(mapping.handler()).containsPattern("\\$\\$Lambda(\\$\\d+)?/0x").endsWith(".handle");
			});
		}
	}

	@Test
	void theReaderIsFilledWhenTheContextIsRefreshed() {
		WebFluxHandlerRoutes routes = new WebFluxHandlerRoutes();
		assertThat(routes.routeMappings()).isEmpty();
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.register(Routes.class);
			context.addApplicationListener(routes);
			context.refresh();
			assertThat(routes.routeMappings()).extracting(RouteMapping::patterns)
				.contains(Set.of("/orders/{id}"), Set.of("/payments/{id}"));
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Routes {

		@Bean
		Orders orders() {
			return new Orders();
		}

		@Bean
		RequestMappingHandlerMapping requestMappingHandlerMapping() {
			return new RequestMappingHandlerMapping();
		}

		@Bean
		RouterFunctionMapping routerFunctionMapping() {
			RouterFunction<ServerResponse> payments = RouterFunctions.route()
				.path("/payments", (builder) -> builder.POST("/{id}", (request) -> ServerResponse.ok().build()))
				.build();
			return new RouterFunctionMapping(payments);
		}

	}

	@RestController
	static class Orders {

		@GetMapping("/orders/{id}")
		Mono<Map<String, String>> order(@PathVariable String id) {
			return Mono.fromCallable(() -> Map.of("id", id));
		}

		@PostMapping("/orders")
		Mono<Void> create() {
			return Mono.empty();
		}

	}

}
