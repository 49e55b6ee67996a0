package dev.memleak.snapshot;

import java.time.Instant;
import java.util.List;

/**
 * A class whose instances and bytes kept growing across the last heap snapshots. Where
 * its objects are allocated, and by which route or job, is the diagnosis' business
 * ({@code dev.memleak.diagnosis}): a suspect knows only what heap snapshots tell.
 *
 * @param className the JVM's name of the class
 * @param instancesGrowth instances gained from the first to the last compared snapshot
 * @param bytesGrowth bytes gained from the first to the last compared snapshot (shallow
 * size of the instances themselves)
 * @param snapshots the number of snapshots compared
 * @param risingIntervals the number of intervals between consecutive compared snapshots
 * (of {@code snapshots - 1}) in which the class's bytes rose
 * @param bytesGrowthPerHour bytes gained per hour over the compared snapshots
 * @param heldBytesGrowth bytes gained, over the same snapshots, by the generic suspects
 * (such as {@code byte[]}) this class is the likeliest owner of; 0 for generic classes.
 * Suspects are ranked by {@code bytesGrowth + heldBytesGrowth}
 * @param instances instances in the last snapshot
 * @param bytes bytes in the last snapshot
 * @param since when the first compared snapshot was taken
 * @param generic whether the class is a general-purpose one ({@code byte[]},
 * {@code String}, collection internals) that grows on behalf of others; such suspects are
 * ranked after the application's own classes
 * @param likelyOwners for a generic class, the non-generic suspects that gained a similar
 * number of instances over the same snapshots, the closest first; they probably hold it
 * @author memleak
 */
public record Suspect(String className, long instancesGrowth, long bytesGrowth, int snapshots, int risingIntervals,
		long bytesGrowthPerHour, long heldBytesGrowth, long instances, long bytes, Instant since, boolean generic,
		List<String> likelyOwners) {

	public Suspect {
		likelyOwners = List.copyOf(likelyOwners);
	}

	Suspect withOwnership(long heldBytesGrowth, List<String> likelyOwners) {
		return new Suspect(this.className, this.instancesGrowth, this.bytesGrowth, this.snapshots, this.risingIntervals,
				this.bytesGrowthPerHour, heldBytesGrowth, this.instances, this.bytes, this.since, this.generic,
				likelyOwners);
	}

	long rankingGrowth() {
		return this.bytesGrowth + this.heldBytesGrowth;
	}

}
