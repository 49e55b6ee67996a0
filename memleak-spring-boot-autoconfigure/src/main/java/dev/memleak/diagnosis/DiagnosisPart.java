package dev.memleak.diagnosis;

/**
 * The three answers a diagnosis gives for a leak.
 *
 * @author memleak
 */
public enum DiagnosisPart {

	/** Which class leaks: heap snapshots (class histograms) over time. */
	CLASS,

	/** Where its objects are allocated: leak sites (JFR old-object samples). */
	SITE,

	/** Which route or task allocates them: handler frames on the allocation stack. */
	WORKLOAD

}
