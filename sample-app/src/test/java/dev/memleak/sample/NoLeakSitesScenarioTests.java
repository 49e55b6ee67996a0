package dev.memleak.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.jayway.jsonpath.JsonPath;
import dev.memleak.heap.LiveSetTracker;
import dev.memleak.sites.LeakSite;
import dev.memleak.sites.LeakSiteSampler;
import dev.memleak.sites.SitesEmission;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app without a leak but with objects of every lifetime: garbage (reports),
 * medium-lived carts that expire, a quote cache that fills and then stays full, and the
 * owners route with its leak off. Sites are reported, since long-lived objects are
 * sampled, but none is a leak site once the cache is full and the sampler has observed
 * two old-generation collections (forced by heap snapshots every second, as in the leak
 * scenario) since: while a cache fills, its entries do look like a leak.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.leak.enabled=false", "sample.cache.enabled=true", "sample.cache.max-entries=400",
				"sample.carts.ttl=300ms", "sample.job.interval=1h", "memleak.snapshot.interval=1s",
				"memleak.snapshot.initial-delay=0s", "memleak.snapshot.jitter=0s", "memleak.sites.enabled=true",
				"memleak.sites.start-when-suspected=false", "memleak.sites.emission-interval=1s" })
@DirtiesContext
class NoLeakSitesScenarioTests {

	private static final String[] ROUTES = { "/owners/%d", "/carts/c%d", "/quotes/S%d", "/reports/%d" };

	@LocalServerPort
	int port;

	@Autowired
	LeakSiteSampler sampler;

	@Autowired
	LiveSetTracker tracker;

	@Autowired
	QuoteCache cache;

	@Autowired
	ClassHistogramSnapshotter snapshotter;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void withoutALeakNoSiteIsALeakSite() throws Exception {
		Set<SitesEmission> judged = new HashSet<>();
		// The quote cache cycles over 100 symbols: it fills, then stays as it is.
		try (Load load = new Load(this.port, (n) -> ROUTES[n % 4].formatted((n % 4 == 2) ? (n / 4) % 100 : n), 2)) {
			// Every fourth request is a quote: 400 requests fill the cache.
			Progress.until("a full cache", Duration.ofMillis(50), () -> assertThat(this.cache.size()).isEqualTo(100),
					Progress.budget("requests", load::sent, 4000));
			Instant full = Instant.now();
			Instant judgedFrom = awaitTwoCollectionsObservedBySamplerAfter(full);
			Set<Instant> emissions = new HashSet<>();
			List<SitesEmission> leaking = new ArrayList<>();
			Progress.until("five emissions with retained samples to judge", Duration.ofMillis(200), () -> {
				SitesEmission last = this.sampler.lastEmission();
				if (last != null && last.time().isAfter(judgedFrom)) {
					emissions.add(last.time());
					if (last.sites().stream().anyMatch((site) -> site.retained() > 0)) {
						judged.add(last);
						if (last.sites().stream().anyMatch(LeakSite::leak)) {
							leaking.add(last);
						}
					}
				}
				// The first leak site ends the wait: it fails the test below.
				assertThat(judged.size() >= 5 || !leaking.isEmpty()).as("%d emissions judged", judged.size()).isTrue();
			}, Progress.budget("emissions", emissions::size, 90));
			assertThat(leaking).as(() -> describe(leaking.get(0))).isEmpty();
			assertThat(load.failed()).isZero();
		}
		List<Map<String, Object>> sites = JsonPath.parse(get("/actuator/memoryleak")).read("$.sites");
		assertThat(sites).isNotEmpty().allSatisfy((site) -> assertThat(site).containsEntry("leak", false));
	}

	/**
	 * Wait until the sampler itself has observed two old-generation collections after the
	 * given time. It reads the latest collection when it emits, so collections between
	 * two emissions count as one: a collection seen after an emission, then an emission
	 * after that, twice over.
	 * @param time when the cache was full
	 * @return a time after which every emission judges with both collections after
	 * {@code time}
	 */
	private Instant awaitTwoCollectionsObservedBySamplerAfter(Instant time) throws InterruptedException {
		SnapshotCounter snapshots = new SnapshotCounter(this.snapshotter);
		AtomicReference<Instant> since = new AtomicReference<>(time);
		AtomicInteger steps = new AtomicInteger();
		// One old collection per snapshot: the snapshots are the progress.
		Progress.until("two old collections observed by the sampler", Duration.ofMillis(50), () -> {
			boolean collectionStep = steps.get() % 2 == 0;
			Instant last = collectionStep ? this.tracker.series().lastCandidateAt()
					: Optional.ofNullable(this.sampler.lastEmission()).map(SitesEmission::time).orElse(null);
			if (last != null && last.isAfter(since.get())) {
				since.set(Instant.now());
				steps.incrementAndGet();
			}
			assertThat(steps.get()).as("steps (collection, emission, collection, emission)").isEqualTo(4);
		}, Progress.budget("snapshots", snapshots::completed, 60));
		return since.get();
	}

	private static String describe(SitesEmission emission) {
		StringBuilder description = new StringBuilder("a leak site in an application without a leak:\n");
		for (LeakSite site : emission.sites()) {
			description.append(site.className())
				.append(" samples=")
				.append(site.samples())
				.append(" retained=")
				.append(site.retained())
				.append(" leak=")
				.append(site.leak())
				.append('\n');
			site.stackTrace().forEach((frame) -> description.append("    ").append(frame).append('\n'));
		}
		return description.toString();
	}

	private String get(String path) throws Exception {
		return this.client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
