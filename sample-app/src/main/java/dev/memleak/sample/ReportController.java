package dev.memleak.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Allocation-heavy and asynchronous routes.
 *
 * @author memleak
 */
@RestController
class ReportController {

	private static final int MAX_BLOB = 64 * 1024 * 1024;

	private final QuoteCache quotes;

	private final CartStore carts;

	ReportController(QuoteCache quotes, CartStore carts) {
		this.quotes = quotes;
		this.carts = carts;
	}

	@GetMapping("/carts/{id}")
	Map<String, Object> cart(@PathVariable String id) {
		CartStore.Cart cart = this.carts.touch(id);
		return Map.of("id", cart.id(), "items", cart.items().length);
	}

	/**
	 * Builds a yearly report: allocates a few megabytes of short-lived objects.
	 */
	@GetMapping("/reports/{year}")
	Map<String, Object> report(@PathVariable int year) {
		List<String> lines = new ArrayList<>();
		long total = 0;
		for (int i = 0; i < 20_000; i++) {
			String line = "order-" + year + "-" + i + ";amount=" + (i * 37 % 1000);
			lines.add(line);
			total += line.length();
		}
		return Map.of("year", year, "lines", lines.size(), "characters", total);
	}

	/**
	 * Allocates one array of exactly the given size.
	 */
	@GetMapping("/blobs/{size}")
	ResponseEntity<Map<String, Object>> blob(@PathVariable int size) {
		if (size < 0 || size > MAX_BLOB) {
			return ResponseEntity.badRequest().body(Map.of("error", "size must be between 0 and " + MAX_BLOB));
		}
		byte[] blob = new byte[size];
		blob[size / 2] = 1;
		return ResponseEntity.ok(Map.of("size", blob.length));
	}

	@GetMapping("/quotes/{symbol}")
	Map<String, Object> quote(@PathVariable String symbol) {
		QuoteCache.CachedQuote quote = this.quotes.quote(symbol);
		return Map.of("symbol", quote.symbol(), "priceCents", quote.priceCents());
	}

	@GetMapping("/async/callable")
	Callable<Map<String, Object>> callable(@RequestParam(defaultValue = "1024") int size) {
		return () -> Map.of("size", new byte[size].length);
	}

	@GetMapping("/async/deferred")
	DeferredResult<Map<String, Object>> deferred() {
		DeferredResult<Map<String, Object>> result = new DeferredResult<>();
		CompletableFuture.runAsync(() -> result.setResult(Map.of("deferred", true)));
		return result;
	}

	@GetMapping("/async/future")
	CompletableFuture<Map<String, Object>> future() {
		return CompletableFuture.supplyAsync(() -> Map.of("future", true));
	}

}
