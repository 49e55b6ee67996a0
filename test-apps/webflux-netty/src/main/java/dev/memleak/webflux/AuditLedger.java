package dev.memleak.webflux;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The leak: an audit entry per order lookup, never evicted.
 *
 * @author memleak
 */
@Component
class AuditLedger {

	private final int entryBytes;

	private final List<byte[]> entries = new ArrayList<>();

	AuditLedger(@Value("${app.audit.entry-size:16KB}") DataSize entrySize) {
		this.entryBytes = (int) entrySize.toBytes();
	}

	synchronized void record(long orderId) {
		byte[] entry = new byte[this.entryBytes];
		entry[0] = (byte) orderId;
		this.entries.add(entry);
	}

	synchronized int size() {
		return this.entries.size();
	}

	synchronized int clear() {
		int size = this.entries.size();
		this.entries.clear();
		return size;
	}

}
