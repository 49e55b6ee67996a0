package dev.memleak.request;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;

/**
 * Configuration of per-request allocation measurement.
 *
 * @author memleak
 */
@ConfigurationProperties("memleak.request")
public class RequestMemoryProperties {

	/**
	 * Whether to measure the bytes each HTTP request allocates. The filter costs about
	 * 0.1 microsecond per request.
	 */
	private boolean enabled = true;

	/**
	 * Fraction of requests whose allocation is measured, from 0.0 to 1.0. Counts stay
	 * exact whatever the rate; lowering it only saves the two counter reads and the
	 * summary update of unsampled requests.
	 */
	private double sampleRate = 1.0;

	/**
	 * Path patterns (Spring PathPattern syntax, relative to the servlet context path or
	 * the WebFlux base path) of requests that are neither measured nor counted. When not
	 * set, the actuator's endpoints are excluded where they are actually served: the
	 * management base path ('/actuator/**' by default, under the DispatcherServlet path),
	 * nothing when the actuator runs on its own port. When set, it replaces that default.
	 */
	private @Nullable List<String> exclude;

	/**
	 * Most distinct routes (handler patterns) kept, in the meters and in the report.
	 * Routes past the limit are recorded under 'OTHER'; raise it only if the application
	 * really has more routes, since every route adds meter series.
	 */
	private int maxUriTags = 100;

	/**
	 * Order of the filter in the servlet filter chain or among the WebFlux WebFilters.
	 * Early, so that the allocation of later filters (security, observation) is included.
	 */
	private int filterOrder = Ordered.HIGHEST_PRECEDENCE + 10;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public double getSampleRate() {
		return this.sampleRate;
	}

	public void setSampleRate(double sampleRate) {
		this.sampleRate = sampleRate;
	}

	public @Nullable List<String> getExclude() {
		return this.exclude;
	}

	public void setExclude(@Nullable List<String> exclude) {
		this.exclude = (exclude != null) ? new ArrayList<>(exclude) : null;
	}

	public int getMaxUriTags() {
		return this.maxUriTags;
	}

	public void setMaxUriTags(int maxUriTags) {
		this.maxUriTags = maxUriTags;
	}

	public int getFilterOrder() {
		return this.filterOrder;
	}

	public void setFilterOrder(int filterOrder) {
		this.filterOrder = filterOrder;
	}

}
