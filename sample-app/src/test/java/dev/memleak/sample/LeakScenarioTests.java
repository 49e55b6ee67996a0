package dev.memleak.sample;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class LeakScenarioTests {

	@Test
	void auditLogRetainsAnEntryPerLookupWhenTheLeakIsOn() {
		SampleProperties properties = new SampleProperties();
		AuditLog log = new AuditLog(properties);
		int before = log.size();
		log.recordLookup(1);
		assertThat(log.size()).isEqualTo(before);
		properties.getLeak().setEnabled(true);
		properties.getLeak().setBytesPerRequest(DataSize.ofBytes(10));
		for (int i = 0; i < 10; i++) {
			log.recordLookup(i);
		}
		assertThat(log.size()).isEqualTo(before + 10);
	}

	@Test
	void quoteCachePlateausAtItsBound() {
		SampleProperties properties = new SampleProperties();
		properties.getCache().setEnabled(true);
		properties.getCache().setMaxEntries(50);
		properties.getCache().setEntrySize(DataSize.ofBytes(16));
		QuoteCache cache = new QuoteCache(properties);
		for (int i = 0; i < 500; i++) {
			cache.quote("S" + i);
		}
		assertThat(cache.size()).isEqualTo(50);
	}

}
