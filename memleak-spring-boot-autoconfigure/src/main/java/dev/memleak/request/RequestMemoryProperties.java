package dev.memleak.request;

import java.util.ArrayList;
import java.util.List;

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
	 * Path patterns (Spring PathPattern syntax, relative to the context path) of requests
	 * that are neither measured nor counted.
	 */
	private List<String> exclude = new ArrayList<>(List.of("/actuator/**"));

	/**
	 * Most distinct routes (handler patterns) kept, in the meters and in the report.
	 * Routes past the limit are recorded under 'OTHER'; raise it only if the application
	 * really has more routes, since every route adds meter series.
	 */
	private int maxUriTags = 100;

	/**
	 * Order of the filter in the servlet filter chain. Early, so that the allocation of
	 * later filters (security, observation) is included.
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
		if (!(sampleRate >= 0.0 && sampleRate <= 1.0)) {
			throw new IllegalArgumentException(
					"memleak.request.sample-rate must be between 0.0 and 1.0 (inclusive), but was " + sampleRate);
		}
		this.sampleRate = sampleRate;
	}

	public List<String> getExclude() {
		return this.exclude;
	}

	public void setExclude(List<String> exclude) {
		PathExclusions.validate(exclude);
		this.exclude = new ArrayList<>(exclude);
	}

	public int getMaxUriTags() {
		return this.maxUriTags;
	}

	public void setMaxUriTags(int maxUriTags) {
		if (maxUriTags < 1) {
			throw new IllegalArgumentException(
					"memleak.request.max-uri-tags must be at least 1, but was " + maxUriTags);
		}
		this.maxUriTags = maxUriTags;
	}

	public int getFilterOrder() {
		return this.filterOrder;
	}

	public void setFilterOrder(int filterOrder) {
		this.filterOrder = filterOrder;
	}

}
