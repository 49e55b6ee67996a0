package dev.memleak.diagnosis;

/**
 * How a leak site was tied to a leaking class, strongest first.
 *
 * @author memleak
 */
public enum SiteEvidence {

	/** The site's sampled objects are instances of the class itself. */
	OWN_OBJECTS,

	/**
	 * The sampled objects are what the class holds, and their reference chain (paths to
	 * GC roots) runs through the class.
	 */
	REFERENCE_CHAIN,

	/**
	 * The sampled objects are what the class holds, and code of the class (or of the
	 * class it is nested in) is on their allocation stack.
	 */
	OWNER_CODE,

	/**
	 * The sampled objects are what the class holds, and no other leaking class can hold
	 * them: the weakest tie.
	 */
	ELIMINATION

}
