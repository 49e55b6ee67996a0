package dev.memleak.diagnosis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.memleak.diagnosis.SiteJoin.SiteGroup;
import dev.memleak.diagnosis.SiteJoin.Tie;
import dev.memleak.diagnosis.WorkloadAttribution.OnStack;
import dev.memleak.sites.LeakSite;
import dev.memleak.sites.TypeNames;
import dev.memleak.snapshot.Suspect;
import org.jspecify.annotations.Nullable;

/**
 * Joins suspects, leak sites and the routes and tasks on their stacks into leaks, each
 * part with a confidence computed from its evidence:
 * <ul>
 * <li><b>class</b>: a suspect's confidence is one minus the sign-test p-value of the
 * intervals between heap snapshots in which it grew, scaled down by its share of the live
 * set's growth when that share is below {@code memleak.snapshot.suspect-min-share}; a
 * class named by leak sites only, the share of all retained samples its site holds;</li>
 * <li><b>site</b>: the share of the retained samples tied to the class that were
 * allocated at the site's first application frame, times the strength of the tie
 * ({@link SiteEvidence}: 1 for the class's own objects or a reference chain, 0.8 for its
 * code on the stack, 0.5 by elimination), halved unless the site is a leak site;</li>
 * <li><b>workload</b>: see {@link WorkloadAttribution}.</li>
 * </ul>
 * Leaks named by heap snapshots come first, application classes before generic ones, then
 * leak sites that no suspect explains; classes that explain less than the minimum share
 * of the live set's growth come last.
 *
 * @author memleak
 */
final class LeakDiagnoser {

	static final double OWNER_CODE_STRENGTH = 0.8;

	static final double ELIMINATION_STRENGTH = 0.5;

	static final double NOT_A_LEAK_SITE = 0.5;

	private static final int EXPLAINS_LITTLE = 3;

	private static final Comparator<Ranked> RANKING = Comparator.comparingInt(Ranked::tier)
		.thenComparing(Ranked::growth, Comparator.nullsLast(Comparator.reverseOrder()));

	private final int maxLeaks;

	private final ApplicationClasses application;

	private final double minShare;

	/**
	 * Create an instance.
	 * @param maxLeaks the most leaks a diagnosis lists
	 * @param application tells the application's classes from the frameworks'
	 * @param minShare the least share of the live set's growth a class explains to be
	 * ranked and trusted as a leak ({@code memleak.snapshot.suspect-min-share})
	 */
	LeakDiagnoser(int maxLeaks, ApplicationClasses application, double minShare) {
		this.maxLeaks = maxLeaks;
		this.application = application;
		this.minShare = minShare;
	}

	/**
	 * Diagnose.
	 * @param evidence what the other features found
	 * @return the diagnosis
	 */
	Diagnosis diagnose(Evidence evidence) {
		List<LeakCandidate> candidates = LeakCandidates.of(evidence.suspects(), this.application);
		SiteJoin join = new SiteJoin(evidence.sites(), candidates);
		HeldGrowth held = new HeldGrowth(evidence.suspects(), evidence.sites(), candidates, join);
		List<Ranked> ranked = new ArrayList<>();
		for (LeakCandidate candidate : candidates) {
			LeakDiagnosis leak = fromSnapshots(candidate, held, join, evidence);
			int tier = explainsLittle(leak.leakingClass().shareOfHeapGrowth()) ? EXPLAINS_LITTLE
					: (candidate.application() || leak.allocationSite() != null) ? 0
							: candidate.suspect().generic() ? 2 : 1;
			ranked.add(new Ranked(leak, tier, join.whyUntied(candidate)));
		}
		for (SiteGroup group : unexplainedLeakSites(evidence.sites(), join)) {
			ranked.add(new Ranked(fromSites(group, held, evidence), 0, null));
		}
		ranked.sort(RANKING);
		List<Ranked> kept = ranked.subList(0, Math.min(this.maxLeaks, ranked.size()));
		Ranked top = kept.isEmpty() ? null : kept.get(0);
		DiagnosisState state = stateOf((top != null) ? top.leak() : null, evidence);
		List<PendingEvidence> pending = pending(state, (top != null) ? top.leak() : null,
				(top != null) ? top.untied() : null, evidence);
		return new Diagnosis(state,
				DiagnosisSentences.summary(state, (top != null) ? top.leak() : null, evidence, pending),
				kept.stream().map(Ranked::leak).toList(), pending);
	}

	private LeakDiagnosis fromSnapshots(LeakCandidate candidate, HeldGrowth held, SiteJoin join, Evidence evidence) {
		Suspect suspect = candidate.suspect();
		long growth = suspect.bytesGrowthPerHour() + held.of(candidate);
		Double heapPerHour = heapGrowthPerHour(evidence);
		// Its own growth and its part of what it holds: two leaks holding the same
		// byte[] do not both explain all of it.
		Double share = (heapPerHour != null) ? Math.min(1, growth / heapPerHour) : null;
		int intervals = suspect.snapshots() - 1;
		double confidence = Confidences.signTest(suspect.risingIntervals(), intervals);
		if (explainsLittle(share)) {
			// A class that explains a tiny part of the growth is not what leaks, however
			// steadily it grows: JDK internals gain a few instances alongside any leak.
			confidence *= share / this.minShare;
		}
		LeakingClass leakingClass = new LeakingClass(TypeNames.readable(suspect.className()),
				candidate.held().stream().map((generic) -> TypeNames.readable(generic.className())).toList(), growth,
				share, ClassEvidence.HEAP_SNAPSHOTS, Confidences.rounded(confidence), DiagnosisSentences
					.classExplanation(suspect, candidate.held(), share, explainsLittle(share) ? this.minShare : null));
		return withSite(leakingClass, join.bestGroupOf(candidate), join.tiesOf(candidate), evidence);
	}

	private boolean explainsLittle(@Nullable Double share) {
		return share != null && share < this.minShare;
	}

	private LeakDiagnosis fromSites(SiteGroup group, HeldGrowth held, Evidence evidence) {
		int all = evidence.sites()
			.stream()
			.mapToInt((site) -> group.byRetained() ? site.retained() : site.samples())
			.sum();
		double confidence = (all > 0) ? (double) group.weight() / all : 0;
		LeakSite largest = group.largest();
		LeakingClass leakingClass = new LeakingClass(TypeNames.readable(largest.className()), List.of(),
				held.ofSites(largest.className(), group.samples()), null, ClassEvidence.LEAK_SITES,
				Confidences.rounded(confidence), DiagnosisSentences.siteOnlyClassExplanation(group, all));
		return withSite(leakingClass, group, group.ties(), evidence);
	}

	private LeakDiagnosis withSite(LeakingClass leakingClass, @Nullable SiteGroup group, List<Tie> ties,
			Evidence evidence) {
		AllocationSite site = null;
		WorkloadFinding workload = null;
		RegressionOpinion opinion;
		if (group != null) {
			site = site(group, ties);
			OnStack onStack = WorkloadAttribution.onStack(group.sites(), evidence.workloads());
			opinion = WorkloadAttribution.compare((onStack != null) ? onStack.workload() : null,
					evidence.attribution());
			if (onStack != null) {
				double confidence = WorkloadAttribution.confidence(onStack.share(), onStack.servedByHandler(), opinion);
				workload = new WorkloadFinding(onStack.workload().kind(), onStack.workload().name(),
						onStack.alternatives().stream().map(Workload::name).toList(), onStack.handler(),
						Confidences.rounded(onStack.share()), Confidences.rounded(confidence),
						DiagnosisSentences.workloadExplanation(onStack, opinion));
			}
		}
		else {
			opinion = WorkloadAttribution.compare(null, evidence.attribution());
		}
		return new LeakDiagnosis(leakingClass, site, workload, opinion, evidence.heap().projectedExhaustion(),
				evidence.heap().confidence());
	}

	private static AllocationSite site(SiteGroup group, List<Tie> ties) {
		int total = ties.stream()
			.mapToInt((tie) -> group.byRetained() ? tie.site().retained() : tie.site().samples())
			.sum();
		double share = (total > 0) ? (double) group.weight() / total : 0;
		double strength = switch (group.evidence()) {
			case OWN_OBJECTS, REFERENCE_CHAIN -> 1;
			case OWNER_CODE -> OWNER_CODE_STRENGTH;
			case ELIMINATION -> ELIMINATION_STRENGTH;
		};
		double confidence = share * strength * (group.hasLeakSite() ? 1 : NOT_A_LEAK_SITE);
		LeakSite largest = group.largest();
		return new AllocationSite(group.frame(), TypeNames.readable(largest.className()), largest.stackTrace(),
				group.samples(), group.retained(), group.hasLeakSite(), group.evidence(),
				Confidences.rounded(confidence), DiagnosisSentences.siteExplanation(group, total));
	}

	private static @Nullable Double heapGrowthPerHour(Evidence evidence) {
		Double perSecond = evidence.heap().growthBytesPerSecond();
		return (perSecond != null && perSecond > 0) ? perSecond * 3600 : null;
	}

	private static List<SiteGroup> unexplainedLeakSites(List<LeakSite> sites, SiteJoin join) {
		Map<List<String>, List<Tie>> groups = new LinkedHashMap<>();
		for (LeakSite site : sites) {
			if (site.leak() && site.applicationFrame() != null && !join.isClaimed(site)) {
				groups.computeIfAbsent(List.of(site.className(), site.applicationFrame()), (key) -> new ArrayList<>())
					.add(new Tie(site, SiteEvidence.OWN_OBJECTS));
			}
		}
		List<SiteGroup> result = new ArrayList<>();
		for (List<Tie> ties : groups.values()) {
			SiteGroup group = SiteJoin.best(ties);
			if (group != null) {
				result.add(group);
			}
		}
		result.sort((a, b) -> Integer.compare(b.weight(), a.weight()));
		return result;
	}

	private static DiagnosisState stateOf(@Nullable LeakDiagnosis top, Evidence evidence) {
		if (top == null) {
			return evidence.isGrowing() ? DiagnosisState.GATHERING : DiagnosisState.NONE;
		}
		return (top.allocationSite() != null) ? DiagnosisState.DIAGNOSED : DiagnosisState.PARTIAL;
	}

	private static List<PendingEvidence> pending(DiagnosisState state, @Nullable LeakDiagnosis top,
			@Nullable String untied, Evidence evidence) {
		List<PendingEvidence> pending = new ArrayList<>();
		if (state == DiagnosisState.NONE) {
			return pending;
		}
		if (top == null || top.leakingClass().evidence() == ClassEvidence.LEAK_SITES) {
			pending.addAll(scheduled(DiagnosisPart.CLASS, evidence));
		}
		if (top == null || top.allocationSite() == null) {
			if (untied != null) {
				pending.add(new PendingEvidence(DiagnosisPart.SITE, untied, null));
			}
			pending.addAll(scheduled(DiagnosisPart.SITE, evidence));
		}
		else if (top.workload() == null) {
			pending.add(new PendingEvidence(
					DiagnosisPart.WORKLOAD, "No route handler or task method is among the "
							+ "application frames of the allocation stack at " + top.allocationSite().frame() + ".",
					null));
		}
		return pending;
	}

	private static List<PendingEvidence> scheduled(DiagnosisPart part, Evidence evidence) {
		return evidence.pending().stream().filter((item) -> item.part() == part).toList();
	}

	/**
	 * A leak and what orders it: application leaks (or leaks whose site is known) first,
	 * then the frameworks' classes, then generic classes nobody owns, then classes that
	 * explain less than the minimum share of the growth; by growth within each.
	 *
	 * @param leak the leak
	 * @param tier 0, 1, 2 or 3
	 * @param untied why its class has no site although some could be its own, or
	 * {@code null}
	 */
	private record Ranked(LeakDiagnosis leak, int tier, @Nullable String untied) {

		@Nullable Long growth() {
			return this.leak.leakingClass().growthBytesPerHour();
		}

	}

}
