package dev.memleak.core;

/**
 * What memleak stops the application for, as counted by the {@link PauseBudget}.
 *
 * @author memleak
 */
public enum PauseOperation {

	/** A class histogram after a forced full collection ({@code live} mode). */
	HISTOGRAM_LIVE("histogram-live"),

	/** A class histogram of every object, without collecting ({@code all} mode). */
	HISTOGRAM_ALL("histogram-all"),

	/** An emission of the old-object samples (leak sites). */
	SITES_EMISSION("sites-emission"),

	/** A heap dump. */
	HEAP_DUMP("heap-dump");

	private final String tagValue;

	PauseOperation(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the name used in meter tags and in the report.
	 * @return the name, such as {@code histogram-live}
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
