package dev.memleak.diagnosis;

/**
 * What named a leaking class.
 *
 * @author memleak
 */
public enum ClassEvidence {

	/** The class kept growing across heap snapshots (a suspect). */
	HEAP_SNAPSHOTS,

	/**
	 * Only leak sites name it: its sampled objects keep outliving old-generation
	 * collections, but heap snapshots have not (yet) shown it growing.
	 */
	LEAK_SITES

}
