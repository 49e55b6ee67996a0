package dev.memleak.sites;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where sampled long-lived objects of one class were allocated.
 *
 * @param className the JVM's name of the objects' class, as in heap snapshots
 * @param stackTrace the allocation stack, the allocating frame first, then the
 * application's frames, each run of framework frames folded into one line
 * @param samples sampled objects of this site alive at the latest emission
 * @param retained those of them allocated before the latest old-generation collection:
 * they outlived a collection that looked at the whole heap
 * @param leak whether this is a leak site: some of its objects outlived two
 * old-generation collections, and objects it allocated since the one before last outlived
 * the last one, so it keeps adding objects that stay
 * @param oldestAllocation when the oldest of its sampled objects was allocated
 * @param referenceChain who holds one of its objects, from the object towards the GC
 * root; empty unless {@code memleak.sites.path-to-gc-roots} is on
 * @param applicationFrame the first application frame of the stack (the allocating frame
 * itself when it is the application's), rendered as in {@code stackTrace}: the method to
 * look at first; {@code null} when the stack has none
 * @author memleak
 */
public record LeakSite(String className, List<String> stackTrace, int samples, int retained, boolean leak,
		Instant oldestAllocation, List<String> referenceChain, @Nullable String applicationFrame) {

	public LeakSite {
		stackTrace = List.copyOf(stackTrace);
		referenceChain = List.copyOf(referenceChain);
	}

}
