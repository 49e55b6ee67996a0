package dev.memleak.sites;

import java.time.Instant;
import java.util.List;

/**
 * One object the JVM's old-object sampler picked when it was allocated and found still
 * alive when the samples were emitted.
 *
 * @param className the JVM's name of the object's class, such as
 * {@code com.example.Order} or {@code [B}
 * @param allocationTime when the object was allocated
 * @param frames the allocation stack, the allocating frame first
 * @param referenceChain who holds the object, from the object towards the GC root, when
 * paths to GC roots were searched; empty otherwise
 * @author memleak
 */
record OldObjectSample(String className, Instant allocationTime, List<Frame> frames, List<String> referenceChain) {

	OldObjectSample {
		frames = List.copyOf(frames);
		referenceChain = List.copyOf(referenceChain);
	}

}
