package dev.memleak.diagnosis;

import java.util.List;
import java.util.Set;

import dev.memleak.core.FailureRecorder;
import org.junit.jupiter.api.Test;

import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link HandlerMappingRoutes}: reading the routes at the context's refresh
 * never fails the application's startup.
 *
 * @author memleak
 */
class HandlerMappingRoutesTests {

	@Test
	void routesReadAtTheRefreshAreKept() {
		RouteMapping route = new RouteMapping("com.example.Owners.owner", Set.of("GET"), Set.of("/owners/{id}"));
		HandlerMappingRoutes routes = new HandlerMappingRoutes((context) -> List.of(route), null) {
		};
		refresh(routes);
		assertThat(routes.routeMappings()).containsExactly(route);
	}

	@Test
	void aFailureToReadTheRoutesIsCountedAndLeavesNoRouteInsteadOfFailingTheRefresh() {
		FailureRecorder failures = new FailureRecorder(null);
		HandlerMappingRoutes routes = new HandlerMappingRoutes((context) -> {
			throw new IllegalStateException("a handler mapping that cannot be read");
		}, failures) {
		};
		assertThatNoException().isThrownBy(() -> refresh(routes));
		assertThat(routes.routeMappings()).isEmpty();
		assertThat(failures.counts()).containsEntry("diagnosis", 1L);
	}

	private static void refresh(HandlerMappingRoutes routes) {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			routes.onApplicationEvent(new ContextRefreshedEvent(context));
		}
	}

}
