package dev.memleak.core;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Master switch of memleak.
 *
 * @author memleak
 */
@ConfigurationProperties("memleak")
public class MemleakProperties {

	/**
	 * Whether memleak is on. When off, no filter, listener, scheduler, meter or endpoint
	 * of memleak exists, so it costs nothing; each feature also has its own switch.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
