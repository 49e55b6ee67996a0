package dev.memleak.sites;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Tells when the last collection that reclaimed the old generation (a G1 marking cycle or
 * mixed collection, a full collection, a ZGC or Shenandoah cycle) was observed: after it,
 * a sampled object that is still alive was certainly reachable. The leak detector's
 * live-set tracker provides it.
 *
 * @author memleak
 */
@FunctionalInterface
public interface OldGenerationCollections {

	/**
	 * Return when the last old-generation collection was observed.
	 * @return the time, or {@code null} if none was
	 */
	@Nullable Instant last();

}
