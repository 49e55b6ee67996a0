package dev.memleak.diagnosis;

/**
 * How far the diagnosis has come.
 *
 * @author memleak
 */
public enum DiagnosisState {

	/** No leak is suspected and no evidence names one. */
	NONE,

	/** The live set grows, but no class is named yet: evidence is being gathered. */
	GATHERING,

	/** A leaking class is named; its allocation site is not known yet. */
	PARTIAL,

	/**
	 * The leaking class and its allocation site are named, and the route or task when one
	 * is on the allocation stack.
	 */
	DIAGNOSED

}
