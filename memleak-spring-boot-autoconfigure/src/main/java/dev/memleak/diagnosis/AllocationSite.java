package dev.memleak.diagnosis;

import java.util.List;

/**
 * Where a leaking class's objects are allocated.
 *
 * @param frame the first application frame of the allocation stack: the method to look at
 * @param className the class of the sampled objects, as Java source names it: the leaking
 * class or what it holds
 * @param stackTrace the folded allocation stack of the site's largest group of samples
 * @param samples sampled objects allocated at this frame, alive at the latest emission
 * @param retained those of them that outlived the latest old-generation collection
 * @param leakSite whether the site keeps adding objects that outlive old-generation
 * collections
 * @param evidence how the site was tied to the class
 * @param confidence how sure the objects leak from here, from 0 to 1 (see
 * {@code explanation})
 * @param explanation the evidence behind the confidence, in one sentence
 * @author memleak
 */
public record AllocationSite(String frame, String className, List<String> stackTrace, int samples, int retained,
		boolean leakSite, SiteEvidence evidence, double confidence, String explanation) {

	public AllocationSite {
		stackTrace = List.copyOf(stackTrace);
	}

}
