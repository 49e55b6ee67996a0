package dev.memleak.endpoint;

/**
 * What a section or action of the endpoint returns when its feature is switched off.
 *
 * @param status always {@code OFF}
 * @param note which property switches the feature on
 * @author memleak
 */
public record FeatureOff(String status, String note) {

	static FeatureOff of(String feature, String property) {
		return new FeatureOff("OFF", feature + " are off (" + property + "=false).");
	}

}
