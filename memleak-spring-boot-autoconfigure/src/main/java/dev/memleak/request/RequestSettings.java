package dev.memleak.request;

import java.util.List;

/**
 * What request measurement needs, built from {@link RequestMemoryProperties} (see
 * {@link #of}) or by a user who defines the filter's beans; every rule between the
 * properties lives here.
 *
 * @param sampleRate the fraction of requests whose allocation is measured, 0.0 to 1.0
 * @param exclude path patterns of requests neither measured nor counted, relative to the
 * application's context or base path
 * @param maxUriTags the most distinct routes kept
 * @param filterOrder the order of the filter in the servlet or WebFlux filter chain
 * @author memleak
 */
public record RequestSettings(double sampleRate, List<String> exclude, int maxUriTags, int filterOrder) {

	/**
	 * Validate and copy.
	 */
	public RequestSettings {
		if (!(sampleRate >= 0.0 && sampleRate <= 1.0)) {
			throw new IllegalArgumentException(
					"memleak.request.sample-rate must be between 0.0 and 1.0 (inclusive), but was " + sampleRate);
		}
		if (maxUriTags < 1) {
			throw new IllegalArgumentException(
					"memleak.request.max-uri-tags must be at least 1, but was " + maxUriTags);
		}
		exclude = List.copyOf(exclude);
		PathExclusions.validate(exclude);
	}

	/**
	 * Build the settings of the properties; an unset {@code exclude} becomes the given
	 * default (the actuator's paths where they are served), a set one is kept as set.
	 * @param properties the bound properties
	 * @param defaultExclude the paths to exclude when {@code memleak.request.exclude} is
	 * not set
	 * @return the settings
	 */
	public static RequestSettings of(RequestMemoryProperties properties, List<String> defaultExclude) {
		List<String> exclude = (properties.getExclude() != null) ? properties.getExclude() : defaultExclude;
		return new RequestSettings(properties.getSampleRate(), exclude, properties.getMaxUriTags(),
				properties.getFilterOrder());
	}

	/**
	 * The settings of the properties' defaults with Spring Boot's default actuator base
	 * path excluded.
	 * @return the defaults
	 */
	public static RequestSettings defaults() {
		return of(new RequestMemoryProperties(), ActuatorExclusions.DEFAULT);
	}

}
