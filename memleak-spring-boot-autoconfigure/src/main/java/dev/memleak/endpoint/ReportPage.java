package dev.memleak.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.Suspect;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Renders the report as one self-contained HTML page: inline CSS, inline SVG charts and
 * one small inline script that shows times in the reader's time zone. Nothing is loaded
 * from anywhere, so it works offline and through a port-forward. The page carries its own
 * Content-Security-Policy in a {@code <meta>} element, allowing only its own style and
 * script by hash. Each section of the report is rendered by its own {@link PageSection}.
 *
 * @author memleak
 */
final class ReportPage {

	/** The media type the page is served as. */
	static final String MEDIA_TYPE = "text/html;charset=UTF-8";

	private static final List<PageSection> SECTIONS = List.of(new VerdictSection(), new DiagnosisSection(),
			new HeapSection(), new RetentionSection(), new SuspectsSection(), new SitesSection(),
			new FootprintSection(), new NonHeapSection(), new RequestsSection(), new TasksSection(),
			new PausesSection(), new NotesSection(), new ErrorsSection());

	private static final String STYLE = resource("report-page.css");

	private static final String SCRIPT = resource("report-page.js");

	/**
	 * The page's Content-Security-Policy: nothing but its own style and script, no
	 * connections, images, frames, forms or base URL changes.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(STYLE) + "'; script-src '"
			+ sha256(SCRIPT) + "'; base-uri 'none'; form-action 'none'; "
			+ "require-trusted-types-for 'script'; trusted-types 'none'";

	private final ObjectProvider<ClassHistogramSnapshotter> snapshots;

	private final Predicate<String> applicationFrame;

	private final Clock clock;

	/**
	 * Create an instance.
	 * @param snapshots the heap snapshotter, if heap snapshots are on
	 * @param applicationFrame whether a line of a leak site's stack is an application
	 * frame
	 * @param clock the time source
	 */
	ReportPage(ObjectProvider<ClassHistogramSnapshotter> snapshots, Predicate<String> applicationFrame, Clock clock) {
		this.snapshots = snapshots;
		this.applicationFrame = applicationFrame;
		this.clock = clock;
	}

	/**
	 * Render a report, with the bytes of its suspects in each kept heap snapshot.
	 * @param report the report
	 * @return the HTML document
	 */
	String render(MemoryLeakReport report) {
		ClassHistogramSnapshotter snapshotter = this.snapshots.getIfAvailable();
		Map<String, List<SuspectBytes.Point>> suspectBytes = (snapshotter != null) ? SuspectBytes
			.of(snapshotter.history(), report.suspects().stream().map(Suspect::className).collect(Collectors.toSet()))
				: Map.of();
		return render(new PageModel(report, this.clock.instant(), suspectBytes, this.applicationFrame));
	}

	/**
	 * Render the page.
	 * @param model what to show
	 * @return the HTML document
	 */
	static String render(PageModel model) {
		Html html = new Html();
		html.constant("<!DOCTYPE html>");
		html.open("html", "lang", "en").open("head");
		// First in <head>: a policy in <meta> applies only to what follows it.
		html.empty("meta", "http-equiv", "Content-Security-Policy", "content", CONTENT_SECURITY_POLICY);
		html.empty("meta", "charset", "utf-8");
		html.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
		html.empty("meta", "name", "referrer", "content", "no-referrer");
		html.element("title", "memleak: " + model.report().status());
		html.open("style").constant(STYLE).close("style");
		html.close("head").open("body");
		html.open("header").element("h1", "memleak report");
		html.open("span", "class", "muted").text("generated ");
		PageFormats.time(html, model.generatedAt());
		html.text(", times in ").element("span", "UTC", "id", "zone").close("span");
		html.element("a", "Refresh", "id", "refresh", "href", "");
		html.close("header").open("main");
		for (PageSection section : SECTIONS) {
			section.render(model, html);
		}
		html.close("main");
		html.open("footer")
			.text("The same report as JSON: GET this address with Accept: application/json. "
					+ "How to read it: docs/reading-a-report.md.")
			.close("footer");
		html.open("script").constant(SCRIPT).close("script");
		html.close("body").close("html");
		return html.toString();
	}

	private static String resource(String name) {
		try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Missing resource " + name + " next to " + ReportPage.class.getName());
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String sha256(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return "sha256-" + Base64.getEncoder().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

}
