package dev.memleak.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * A bounded LRU cache of quotes, when {@code sample.cache.enabled=true}: it fills, then
 * plateaus. Memory grows during warm-up, which must not be mistaken for a leak.
 *
 * @author memleak
 */
@Component
public class QuoteCache {

	private final SampleProperties properties;

	private final Map<String, CachedQuote> entries;

	QuoteCache(SampleProperties properties) {
		this.properties = properties;
		int maxEntries = properties.getCache().getMaxEntries();
		this.entries = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, CachedQuote> eldest) {
				return size() > maxEntries;
			}

		};
	}

	CachedQuote quote(String symbol) {
		if (!this.properties.getCache().isEnabled()) {
			return price(symbol);
		}
		synchronized (this.entries) {
			return this.entries.computeIfAbsent(symbol, this::price);
		}
	}

	int size() {
		synchronized (this.entries) {
			return this.entries.size();
		}
	}

	private CachedQuote price(String symbol) {
		byte[] history = new byte[(int) this.properties.getCache().getEntrySize().toBytes()];
		return new CachedQuote(symbol, 100 + Math.floorMod(symbol.hashCode(), 900), history);
	}

	/**
	 * A cached quote.
	 *
	 * @param symbol the ticker
	 * @param priceCents the price
	 * @param history retained price history
	 */
	record CachedQuote(String symbol, long priceCents, byte[] history) {
	}

}
