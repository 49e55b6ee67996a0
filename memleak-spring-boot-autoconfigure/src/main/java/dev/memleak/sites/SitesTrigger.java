package dev.memleak.sites;

/**
 * Why leak sites were emitted or a heap dump was taken.
 *
 * @author memleak
 */
public enum SitesTrigger {

	/** The regular emission while recording ({@code memleak.sites.emission-interval}). */
	SCHEDULED,

	/**
	 * Evidence gathered on a suspected leak, until the top leak site is stable (see
	 * {@code dev.memleak.escalation}).
	 */
	ESCALATION,

	/** Someone asked ({@code POST /actuator/memoryleak/sites}). */
	ON_DEMAND

}
