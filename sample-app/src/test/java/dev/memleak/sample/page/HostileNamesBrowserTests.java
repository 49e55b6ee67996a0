package dev.memleak.sample.page;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.jayway.jsonpath.DocumentContext;
import dev.memleak.browser.BrowserPage;
import dev.memleak.browser.HeadlessChromium;
import dev.memleak.browser.ReportPageClient;
import dev.memleak.sample.SampleApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A route, a task and a leaking class whose names are markup and script, through the real
 * request filter, task decorator and heap snapshots of the sample application: the page
 * shows each name as text, runs none of it, and reports no policy violation. The payloads
 * set a global variable rather than open a dialog, so that a failure shows as a value
 * instead of blocking the browser.
 */
@SpringBootTest(classes = { SampleApplication.class, HostileNamesBrowserTests.HostileParts.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.job.interval=1h", "memleak.snapshot.interval=1s", "memleak.snapshot.initial-delay=0s",
				"memleak.snapshot.jitter=0s" })
@DirtiesContext
class HostileNamesBrowserTests {

	static final String ROUTE = "/hostile/<script>__pwnedByRoute=1</script>/{id}";

	// A JVM class name cannot hold '.' or '/': an element with an event handler instead.
	static final String CLASS_NAME = "Evil<img src=x onerror=__pwnedByClass=1>\"'&";

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("hostileExecutor")
	ExecutorService executor;

	@AfterAll
	static void releaseTheLeak() {
		HostileTask.RETAINED.clear();
	}

	@Test
	void namesWithMarkupAndScriptAreShownAsText() throws Exception {
		ReportPageClient report = new ReportPageClient(this.port);
		String className = HostileTask.class.getPackageName() + "." + CLASS_NAME;
		String requestPath = "/hostile/" + URLEncoder.encode("<script>__pwnedByRoute=1<", StandardCharsets.UTF_8) + "/"
				+ URLEncoder.encode("script>", StandardCharsets.UTF_8) + "/7";
		try (HeadlessChromium chromium = HeadlessChromium.start()) {
			Class<? extends HostileTask> hostile = HostileTask.defineSubclass(CLASS_NAME);
			HttpClient client = HttpClient.newHttpClient();
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
				for (int i = 0; i < 2000; i++) {
					this.executor.execute(hostile.getDeclaredConstructor().newInstance());
				}
				HttpResponse<String> response = client.send(
						HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + requestPath)).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).isEqualTo(200);
				DocumentContext json = report.json();
				return json.read("$.requests[*].uri", List.class).contains(ROUTE)
						&& json.read("$.tasks[*].name", List.class).contains(CLASS_NAME)
						&& json.read("$.suspects[*].className", List.class).contains(className);
			});
			BrowserPage page = chromium.newPage();
			report.openWhileStill(page);
			page.screenshot(Path.of("target", "page-browser", "report-page-hostile-names.png"));

			assertThat(texts(page, "#requests td")).contains(ROUTE);
			assertThat(texts(page, "#tasks td")).contains(CLASS_NAME);
			assertThat(texts(page, "#suspects td.suspect-class")).contains(className);
			assertThat(page.evaluate("document.querySelectorAll('script').length").asInt()).isOne();
			assertThat(page.evaluate("document.querySelectorAll('img, [onerror]').length").asInt()).isZero();
			assertThat(page.evaluate("typeof __pwnedByRoute + ' ' + typeof __pwnedByClass").asString())
				.isEqualTo("undefined undefined");
			assertThat(page.problems()).isEmpty();
			assertThat(page.requests()).containsExactly(report.url());
		}
	}

	private static List<String> texts(BrowserPage page, String selector) {
		return page
			.evaluate("Array.from(document.querySelectorAll('" + selector
					+ "')).map(function (cell) { return cell.textContent; })")
			.valueStream()
			.map((node) -> node.asString())
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class HostileParts {

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService hostileExecutor() {
			return Executors.newSingleThreadExecutor();
		}

		@Bean
		HostileRoutes hostileRoutes() {
			return new HostileRoutes();
		}

	}

	@RestController
	static class HostileRoutes {

		@GetMapping(ROUTE)
		Map<String, Object> hostile(@PathVariable long id) {
			return Map.of("id", id);
		}

	}

}
