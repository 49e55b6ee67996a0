package dev.memleak.webflux;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A Spring WebFlux application on Netty with annotated and functional routes, routes that
 * complete synchronously on the event loop and routes that wait or hop threads, and a
 * route that leaks.
 *
 * @author memleak
 */
@SpringBootApplication
public class WebFluxNettyApplication {

	public static void main(String[] args) {
		SpringApplication.run(WebFluxNettyApplication.class, args);
	}

	@Bean
	RouterFunction<ServerResponse> functionalRoutes() {
		return RouterFunctions.route(RequestPredicates.GET("/functional/items/{id}"),
				(request) -> ServerResponse.ok().bodyValue(Map.of("id", request.pathVariable("id"))));
	}

}
