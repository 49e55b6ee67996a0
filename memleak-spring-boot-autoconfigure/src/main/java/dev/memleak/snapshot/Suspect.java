package dev.memleak.snapshot;

import java.time.Instant;
import java.util.List;

import dev.memleak.sites.LeakSite;

/**
 * A class whose instances and bytes kept growing across the last heap snapshots.
 *
 * @param className the JVM's name of the class
 * @param instancesGrowth instances gained from the first to the last compared snapshot
 * @param bytesGrowth bytes gained from the first to the last compared snapshot (shallow
 * size of the instances themselves)
 * @param snapshots the number of snapshots compared
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
 * @param sites where the class's long-lived objects were allocated, from the latest leak
 * sites (leak sites first); empty unless {@code memleak.sites.enabled=true}
 * @author memleak
 */
public record Suspect(String className, long instancesGrowth, long bytesGrowth, int snapshots, long bytesGrowthPerHour,
		long heldBytesGrowth, long instances, long bytes, Instant since, boolean generic, List<String> likelyOwners,
		List<LeakSite> sites) {

	public Suspect {
		likelyOwners = List.copyOf(likelyOwners);
		sites = List.copyOf(sites);
	}

	/**
	 * Create a suspect without allocation sites.
	 * @param className the JVM's name of the class
	 * @param instancesGrowth instances gained
	 * @param bytesGrowth bytes gained
	 * @param snapshots the number of snapshots compared
	 * @param bytesGrowthPerHour bytes gained per hour
	 * @param heldBytesGrowth bytes gained by the generic suspects it likely owns
	 * @param instances instances in the last snapshot
	 * @param bytes bytes in the last snapshot
	 * @param since when the first compared snapshot was taken
	 * @param generic whether the class is a general-purpose one
	 * @param likelyOwners for a generic class, the suspects that probably hold it
	 */
	public Suspect(String className, long instancesGrowth, long bytesGrowth, int snapshots, long bytesGrowthPerHour,
			long heldBytesGrowth, long instances, long bytes, Instant since, boolean generic,
			List<String> likelyOwners) {
		this(className, instancesGrowth, bytesGrowth, snapshots, bytesGrowthPerHour, heldBytesGrowth, instances, bytes,
				since, generic, likelyOwners, List.of());
	}

	/**
	 * Return this suspect with the sites its objects were allocated at.
	 * @param sites the sites
	 * @return a copy with the sites
	 */
	public Suspect withSites(List<LeakSite> sites) {
		return new Suspect(this.className, this.instancesGrowth, this.bytesGrowth, this.snapshots,
				this.bytesGrowthPerHour, this.heldBytesGrowth, this.instances, this.bytes, this.since, this.generic,
				this.likelyOwners, sites);
	}

	Suspect withOwnership(long heldBytesGrowth, List<String> likelyOwners) {
		return new Suspect(this.className, this.instancesGrowth, this.bytesGrowth, this.snapshots,
				this.bytesGrowthPerHour, heldBytesGrowth, this.instances, this.bytes, this.since, this.generic,
				likelyOwners, this.sites);
	}

	long rankingGrowth() {
		return this.bytesGrowth + this.heldBytesGrowth;
	}

}
