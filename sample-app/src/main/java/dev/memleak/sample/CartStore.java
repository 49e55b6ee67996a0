package dev.memleak.sample;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Shopping carts kept for a short time after their last use: medium-lived objects, which
 * survive young collections and become old-generation garbage, as sessions do in most
 * services. Not a leak: every cart expires.
 *
 * @author memleak
 */
@Component
public class CartStore {

	private final Map<String, Cart> carts = new ConcurrentHashMap<>();

	private final Duration ttl;

	CartStore(SampleProperties properties) {
		this.ttl = properties.getCarts().getTtl();
	}

	Cart touch(String id) {
		long now = System.nanoTime();
		expire(now);
		return this.carts.compute(id,
				(key, cart) -> new Cart(key, now, (cart != null) ? cart.items() : new byte[32 * 1024]));
	}

	int size() {
		return this.carts.size();
	}

	private void expire(long now) {
		for (Iterator<Cart> iterator = this.carts.values().iterator(); iterator.hasNext();) {
			if (now - iterator.next().lastUsed() > this.ttl.toNanos()) {
				iterator.remove();
			}
		}
	}

	/**
	 * A cart.
	 *
	 * @param id the cart id
	 * @param lastUsed when it was last used (nanoTime)
	 * @param items its content
	 */
	record Cart(String id, long lastUsed, byte[] items) {
	}

}
