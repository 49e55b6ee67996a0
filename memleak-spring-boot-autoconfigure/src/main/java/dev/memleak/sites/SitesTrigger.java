package dev.memleak.sites;

/**
 * Why leak sites were emitted or a heap dump was taken.
 *
 * @author memleak
 */
public enum SitesTrigger {

	/** The regular emission while recording ({@code memleak.sites.emission-interval}). */
	SCHEDULED,

	/** The leak detector entered the {@code SUSPECTED} status. */
	LEAK_SUSPECTED,

	/** Someone asked ({@code POST /actuator/memoryleak/sites}). */
	ON_DEMAND

}
