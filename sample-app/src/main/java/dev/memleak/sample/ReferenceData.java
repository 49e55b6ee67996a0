package dev.memleak.sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Reference data loaded at startup and kept unchanged, when {@code sample.ballast.size}
 * is set: a large, flat live set (for example more than 1 GB in a 2 GiB heap), as a
 * service with an in-memory catalogue holds. Not a leak: it never grows after startup.
 *
 * @author memleak
 */
@Component
public class ReferenceData {

	private final List<Entry> entries;

	ReferenceData(SampleProperties properties) {
		long size = properties.getBallast().getSize().toBytes();
		int entrySize = (int) properties.getBallast().getEntrySize().toBytes();
		int count = (int) Math.min(Integer.MAX_VALUE, size / Math.max(1, entrySize));
		List<Entry> entries = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			entries.add(new Entry(i, new byte[entrySize]));
		}
		this.entries = Collections.unmodifiableList(entries);
	}

	int size() {
		return this.entries.size();
	}

	/**
	 * One entry of reference data.
	 *
	 * @param id its id
	 * @param payload its content
	 */
	record Entry(long id, byte[] payload) {
	}

}
