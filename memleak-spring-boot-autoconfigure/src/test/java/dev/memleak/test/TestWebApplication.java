package dev.memleak.test;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * A minimal Spring MVC application for tests that need a real server.
 *
 * @author memleak
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestWebApplication.Routes.class)
public class TestWebApplication {

	@RestController
	static class Routes {

		@GetMapping("/things/{id}")
		Map<String, Object> thing(@PathVariable String id) {
			return Map.of("id", id);
		}

		@GetMapping("/alloc/{bytes}")
		Map<String, Object> alloc(@PathVariable int bytes) {
			byte[] array = new byte[bytes];
			return Map.of("length", array.length);
		}

		@GetMapping("/boom")
		Map<String, Object> boom() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/redirect")
		ResponseEntity<Void> redirect() {
			return ResponseEntity.status(302).header("Location", "/things/1").build();
		}

		@GetMapping("/callable")
		Callable<Map<String, Object>> callable() {
			return () -> Map.of("callable", true);
		}

		@GetMapping("/deferred")
		DeferredResult<Map<String, Object>> deferred() {
			DeferredResult<Map<String, Object>> result = new DeferredResult<>();
			CompletableFuture.runAsync(() -> result.setResult(Map.of("deferred", true)));
			return result;
		}

		@GetMapping("/future")
		CompletableFuture<ResponseEntity<Map<String, Object>>> future() {
			return CompletableFuture.supplyAsync(() -> ResponseEntity.status(201).body(Map.of("future", true)));
		}

		@GetMapping("/{a}/{b}/{c}")
		Map<String, Object> deep(@PathVariable String a) {
			return Map.of("a", a);
		}

	}

}
