package dev.memleak.webflux;

import java.time.Duration;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Annotated routes: synchronous ones, one that waits for a timer, one that hops to
 * another thread, and the leaking one.
 *
 * @author memleak
 */
@RestController
class ShopController {

	private static final int MAX_BLOB = 64 * 1024 * 1024;

	private final AuditLedger ledger;

	ShopController(AuditLedger ledger) {
		this.ledger = ledger;
	}

	@GetMapping("/owners/{id}")
	Map<String, Object> owner(@PathVariable long id) {
		return Map.of("id", id, "name", "Owner " + id);
	}

	/**
	 * Allocates one array of exactly the given size, synchronously on the event loop.
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

	/**
	 * Waits for a timer: completes later, on a timer thread.
	 */
	@GetMapping("/delayed/{id}")
	Mono<Map<String, Object>> delayed(@PathVariable long id) {
		return Mono.delay(Duration.ofMillis(2)).map((tick) -> Map.of("id", id));
	}

	/**
	 * Computes on another thread.
	 */
	@GetMapping("/hop/{id}")
	Mono<Map<String, Object>> hop(@PathVariable long id) {
		return Mono.fromCallable(() -> Map.<String, Object>of("id", id, "blob", new byte[4096].length))
			.subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * Looks an order up and, by mistake, keeps an audit entry of it forever.
	 */
	@GetMapping("/orders/{id}")
	Map<String, Object> order(@PathVariable long id) {
		this.ledger.record(id);
		return Map.of("id", id, "audited", this.ledger.size());
	}

	@DeleteMapping("/orders/audit")
	Map<String, Object> clearAudit() {
		int cleared = this.ledger.clear();
		return Map.of("cleared", cleared);
	}

}
