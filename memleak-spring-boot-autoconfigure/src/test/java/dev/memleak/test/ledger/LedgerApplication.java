package dev.memleak.test.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * An application with a leaking handler function, outside memleak's own packages so that
 * its frames are the application's.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class LedgerApplication {

	@Bean
	Ledger ledger() {
		return new Ledger();
	}

	@Bean
	RouterFunction<ServerResponse> ledgerRoutes(Ledger ledger) {
		return RouterFunctions.route()
			.path("/ledger", (builder) -> builder.POST("/{id}", ledger::record).GET("", ledger::size))
			.build();
	}

	static class Ledger {

		// Static on purpose: the leak.
		private static final List<byte[]> ENTRIES = new ArrayList<>();

		ServerResponse record(ServerRequest request) {
			synchronized (ENTRIES) {
				ENTRIES.add(new byte[64 * 1024]);
			}
			return ServerResponse.ok().body(Set.of(request.pathVariable("id")));
		}

		ServerResponse size(ServerRequest request) {
			synchronized (ENTRIES) {
				return ServerResponse.ok().body(Map.of("size", ENTRIES.size()));
			}
		}

	}

}
