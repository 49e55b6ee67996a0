package dev.memleak.endpoint;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.memleak.sites.EmissionStatus;
import dev.memleak.sites.SitesEmission;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.HeapSnapshot;
import dev.memleak.snapshot.SnapshotStatus;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code memoryleak} endpoint over HTTP: the report as an HTML page for clients that
 * ask for {@code text/html} (browsers), and HTTP status codes for the sections and
 * actions: 400 with the reason for an unknown name (Spring Boot's error page would hide
 * it), 429 when the same costly operation is already running, 404 when the feature is
 * switched off. Over JMX the endpoint answers with the same bodies, and no page.
 *
 * @author memleak
 */
@EndpointWebExtension(endpoint = MemoryLeakEndpoint.class)
public class MemoryLeakWebEndpointExtension {

	private final MemoryLeakEndpoint endpoint;

	private final ReportPage page;

	/**
	 * Create an instance.
	 * @param endpoint the endpoint
	 * @param snapshots the heap snapshotter, if heap snapshots are on
	 * @param frameworkPackages package prefixes of framework code, whose frames the page
	 * does not highlight in leak sites' stacks
	 */
	public MemoryLeakWebEndpointExtension(MemoryLeakEndpoint endpoint,
			ObjectProvider<ClassHistogramSnapshotter> snapshots, List<String> frameworkPackages) {
		this.endpoint = endpoint;
		this.page = new ReportPage(snapshots, new ApplicationFrames(frameworkPackages), Clock.systemUTC());
	}

	/**
	 * Return the report as a self-contained HTML page, to clients that accept
	 * {@code text/html} more than JSON. Rendered only when asked for.
	 * @return the page
	 */
	@ReadOperation(produces = ReportPage.MEDIA_TYPE)
	public String page() {
		return this.page.render(this.endpoint.report());
	}

	/**
	 * Return one section of the report in detail.
	 * @param section the section
	 * @return the section, 400 for an unknown one, 404 if its feature is off
	 */
	@ReadOperation
	public WebEndpointResponse<Object> detail(@Selector String section) {
		return respond(() -> this.endpoint.detail(section));
	}

	/**
	 * Run an action.
	 * @param action the action
	 * @return its result, 400 for an unknown one, 429 if it is already running, 404 if
	 * its feature is off
	 */
	@WriteOperation
	public WebEndpointResponse<Object> trigger(@Selector String action) {
		return respond(() -> this.endpoint.trigger(action));
	}

	private static WebEndpointResponse<Object> respond(Supplier<Object> operation) {
		Object result;
		try {
			result = operation.get();
		}
		catch (InvalidEndpointRequestException ex) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("status", WebEndpointResponse.STATUS_BAD_REQUEST);
			body.put("error", "Bad Request");
			body.put("reason", ex.getReason());
			return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		return new WebEndpointResponse<>(result, statusOf(result));
	}

	static int statusOf(Object result) {
		if (result instanceof FeatureOff) {
			return WebEndpointResponse.STATUS_NOT_FOUND;
		}
		if ((result instanceof HeapSnapshot snapshot && snapshot.status() == SnapshotStatus.BUSY)
				|| (result instanceof SitesEmission emission && emission.status() == EmissionStatus.BUSY)) {
			return WebEndpointResponse.STATUS_TOO_MANY_REQUESTS;
		}
		return WebEndpointResponse.STATUS_OK;
	}

}
