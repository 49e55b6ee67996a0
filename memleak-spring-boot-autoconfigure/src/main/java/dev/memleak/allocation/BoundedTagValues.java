package dev.memleak.allocation;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Admits at most a fixed number of distinct tag values and maps the rest to one overflow
 * value, so that a meter's cardinality stays bounded whatever the traffic.
 *
 * @author memleak
 */
public final class BoundedTagValues {

	private static final Log logger = LogFactory.getLog(BoundedTagValues.class);

	private final int limit;

	private final String overflowValue;

	private final String limitProperty;

	private final Set<String> admitted = ConcurrentHashMap.newKeySet();

	private volatile boolean overflowed;

	/**
	 * Create an instance.
	 * @param limit the number of distinct values admitted
	 * @param overflowValue the value that stands for every value past the limit
	 * @param limitProperty the property that sets the limit, named in the log
	 */
	public BoundedTagValues(int limit, String overflowValue, String limitProperty) {
		this.limit = limit;
		this.overflowValue = overflowValue;
		this.limitProperty = limitProperty;
	}

	/**
	 * Return the value itself if it is (or can still be) admitted, else the overflow
	 * value.
	 * @param value the candidate tag value
	 * @return the value to use
	 */
	public String admit(String value) {
		if (this.admitted.contains(value)) {
			return value;
		}
		if (this.overflowed) {
			// The set is full and never changes again: no need to take the lock.
			return this.overflowValue;
		}
		synchronized (this.admitted) {
			// Check again: another thread may have admitted it while this one waited.
			if (this.admitted.contains(value) || this.admitted.size() < this.limit) {
				this.admitted.add(value);
				return value;
			}
		}
		if (!this.overflowed) {
			this.overflowed = true;
			logger.warn("memleak: " + this.limitProperty + " (" + this.limit + ") reached; '" + value
					+ "' and further values are recorded as '" + this.overflowValue + "'");
		}
		return this.overflowValue;
	}

	/**
	 * Whether a value past the limit was seen.
	 * @return {@code true} once the limit was reached and exceeded
	 */
	public boolean hasOverflowed() {
		return this.overflowed;
	}

}
