package dev.memleak.sample;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Keeps an entry for every owner lookup, forever, when {@code sample.leak.enabled=true}:
 * the classic leak of a static collection that only grows.
 *
 * @author memleak
 */
@Component
public class AuditLog {

	// Static on purpose: this is the leak the sample demonstrates.
	private static final List<AuditEntry> ENTRIES = new ArrayList<>();

	private final SampleProperties properties;

	AuditLog(SampleProperties properties) {
		this.properties = properties;
	}

	void recordLookup(long ownerId) {
		if (this.properties.getLeak().isEnabled()) {
			AuditEntry entry = new AuditEntry(ownerId, System.nanoTime(),
					new byte[(int) this.properties.getLeak().getBytesPerRequest().toBytes()]);
			synchronized (ENTRIES) {
				ENTRIES.add(entry);
			}
		}
	}

	int size() {
		synchronized (ENTRIES) {
			return ENTRIES.size();
		}
	}

	/**
	 * One retained audit entry.
	 *
	 * @param ownerId the owner looked up
	 * @param timestamp when
	 * @param details the retained payload
	 */
	record AuditEntry(long ownerId, long timestamp, byte[] details) {
	}

}
