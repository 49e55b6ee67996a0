package dev.memleak.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.memleak.sites.EmissionStatus;
import dev.memleak.sites.SitesEmission;
import dev.memleak.snapshot.HeapSnapshot;
import dev.memleak.snapshot.SnapshotStatus;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * HTTP status codes for the {@code memoryleak} endpoint's sections and actions: 400 with
 * the reason for an unknown name (Spring Boot's error page would hide it), 429 when the
 * same costly operation is already running, 404 when the feature is switched off. Over
 * JMX the endpoint answers with the same bodies.
 *
 * @author memleak
 */
@EndpointWebExtension(endpoint = MemoryLeakEndpoint.class)
public class MemoryLeakWebEndpointExtension {

	private final MemoryLeakEndpoint endpoint;

	/**
	 * Create an instance.
	 * @param endpoint the endpoint
	 */
	public MemoryLeakWebEndpointExtension(MemoryLeakEndpoint endpoint) {
		this.endpoint = endpoint;
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
