package dev.memleak.diagnosis;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import dev.memleak.heap.HeapSummary;
import dev.memleak.heap.LeakStatus;
import dev.memleak.heap.RetainedWorkload;
import dev.memleak.heap.RetentionAttributor.Attribution;
import dev.memleak.sites.LeakSite;
import dev.memleak.sites.SitesSettings;
import dev.memleak.snapshot.SnapshotSettings;
import dev.memleak.snapshot.Suspect;
import org.jspecify.annotations.Nullable;

/**
 * Suspects, leak sites and evidence as the sample application's two leaks produce them.
 */
final class Fixtures {

	static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	static final String AUDIT_ENTRY = "dev.memleak.sample.AuditLog$AuditEntry";

	static final String INVOICE = "dev.memleak.sample.InvoiceArchiveJob$ArchivedInvoice";

	static final String BYTES = "[B";

	static final String RECORD_LOOKUP = "dev.memleak.sample.AuditLog.recordLookup(AuditLog.java:29)";

	static final String OWNER_HANDLER = "dev.memleak.sample.OwnerController.owner(OwnerController.java:28)";

	static final String ARCHIVE = "dev.memleak.sample.InvoiceArchiveJob.archive(InvoiceArchiveJob.java:35)";

	static final RouteMapping OWNER_ROUTE = new RouteMapping("dev.memleak.sample.OwnerController.owner", Set.of("GET"),
			Set.of("/owners/{id}"));

	static final RouteMapping OWNERS_ROUTE = new RouteMapping("dev.memleak.sample.OwnerController.owners",
			Set.of("GET"), Set.of("/owners"));

	static final ApplicationClasses APPLICATION = new ApplicationClasses(SitesSettings.defaults().frameworkPackages());

	static final double MIN_SHARE = SnapshotSettings.defaults().suspectMinShare();

	private Fixtures() {
	}

	static Suspect suspect(String className, int snapshots, int rising, long perHour) {
		return new Suspect(className, 1000, perHour / 4, snapshots, rising, perHour, 0, 5000, 160_000,
				NOW.minusSeconds(3600), false, List.of());
	}

	static Suspect generic(String className, long perHour, String... owners) {
		return new Suspect(className, -500, perHour / 4, 4, 3, perHour, 0, 70_000, 130_000_000, NOW.minusSeconds(3600),
				true, Arrays.asList(owners));
	}

	static LeakSite site(String className, int samples, int retained, boolean leak, String... stack) {
		String application = Arrays.stream(stack)
			.filter((line) -> line.startsWith("dev.memleak.sample.") || line.startsWith("com.example."))
			.findFirst()
			.orElse(null);
		return new LeakSite(className, List.of(stack), samples, retained, leak, NOW.minusSeconds(600), List.of(),
				application);
	}

	static LeakSite withChain(LeakSite site, String... chain) {
		return new LeakSite(site.className(), site.stackTrace(), site.samples(), site.retained(), site.leak(),
				site.oldestAllocation(), List.of(chain), site.applicationFrame());
	}

	static HeapSummary growingHeap(double bytesPerSecond) {
		return new HeapSummary(150_000_000L, 268_435_456L, bytesPerSecond, 1.0, NOW.plusSeconds(300), 40,
				NOW.minusSeconds(5));
	}

	static Attribution regression(String workload, double confidence, String... indistinguishable) {
		return new Attribution(
				List.of(new RetainedWorkload(workload, 16_500, confidence, 1200, Arrays.asList(indistinguishable))),
				0.97, null);
	}

	static Attribution noRegression() {
		return new Attribution(List.of(), null, "Too few floor points with execution counts (3) to attribute growth.");
	}

	static WorkloadResolver sampleWorkloads() {
		return new WorkloadResolver(List.of(OWNER_ROUTE, OWNERS_ROUTE), List.of("GET /owners/{id}", "GET /owners"),
				List.of("InvoiceArchiveJob.archive", "RollupJob.rollup"));
	}

	static Evidence evidence(List<Suspect> suspects, List<LeakSite> sites, @Nullable Attribution attribution) {
		return evidence(LeakStatus.SUSPECTED, growingHeap(600_000), suspects, sites, attribution, List.of());
	}

	static Evidence evidence(LeakStatus status, HeapSummary heap, List<Suspect> suspects, List<LeakSite> sites,
			@Nullable Attribution attribution, List<PendingEvidence> pending) {
		return new Evidence(status, heap, attribution, suspects, sites, sampleWorkloads(), pending, NOW);
	}

}
