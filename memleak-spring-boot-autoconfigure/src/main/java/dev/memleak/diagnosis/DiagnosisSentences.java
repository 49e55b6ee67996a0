package dev.memleak.diagnosis;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import dev.memleak.diagnosis.SiteJoin.SiteGroup;
import dev.memleak.diagnosis.WorkloadAttribution.OnStack;
import dev.memleak.sites.TypeNames;
import dev.memleak.snapshot.Suspect;
import org.jspecify.annotations.Nullable;

/**
 * The sentences of a diagnosis: its one-line summary and the explanation of each
 * confidence.
 *
 * @author memleak
 */
final class DiagnosisSentences {

	private DiagnosisSentences() {
	}

	static String summary(DiagnosisState state, @Nullable LeakDiagnosis top, Evidence evidence,
			List<PendingEvidence> pending) {
		return switch (state) {
			case NONE -> "Diagnosis: no leak to diagnose (status " + evidence.status() + ").";
			case GATHERING -> "Diagnosis: the live set grows" + rate(evidence) + " but no leaking class is named yet"
					+ next(pending, evidence.now()) + ".";
			case PARTIAL -> "Leak: " + leakingClass(top) + "; where it is allocated is not known yet"
					+ next(pending, evidence.now()) + exhaustion(top) + ".";
			case DIAGNOSED -> "Leak: " + leakingClass(top) + ", allocated at " + top.allocationSite().frame()
					+ workload(top) + exhaustion(top) + ".";
		};
	}

	static String classExplanation(Suspect suspect, List<Suspect> held, @Nullable Double share,
			@Nullable Double missedMinShare) {
		String grew = "Grew in " + suspect.risingIntervals() + " of " + (suspect.snapshots() - 1)
				+ " intervals between " + suspect.snapshots() + " heap snapshots since " + time(suspect.since())
				+ " (sign test)";
		String holds = held.isEmpty() ? "" : "; holds " + names(held);
		String explains = (share != null)
				? "; with what it holds, " + percent(share) + " of the live set's growth in the same time span" : "";
		String little = (missedMinShare != null) ? ", less than memleak.snapshot.suspect-min-share ("
				+ percent(missedMinShare) + "), so the confidence is scaled down by that ratio" : "";
		return grew + holds + explains + little + ".";
	}

	static String siteOnlyClassExplanation(SiteGroup group, int all) {
		return "No heap snapshot shows it growing yet; its leak site holds " + group.weight() + " of " + all
				+ (group.byRetained() ? " retained" : "") + " samples of long-lived objects.";
	}

	static String siteExplanation(SiteGroup group, int total) {
		String kind = group.byRetained() ? "retained samples" : "samples";
		String tie = switch (group.evidence()) {
			case OWN_OBJECTS -> "objects of the class itself";
			case REFERENCE_CHAIN -> "what the class holds, with reference chains through it";
			case OWNER_CODE -> "what the class holds, allocated by the class's own code";
			case ELIMINATION -> "what the class holds, tied by elimination only (no other leaking class holds them)";
		};
		String leak = group.hasLeakSite()
				? "a leak site: it keeps adding objects that outlive old-generation collections"
				: "not (yet) a leak site: its objects have not outlived two old-generation collections, or none "
						+ "of them is from the first half of the recording";
		return group.weight() + " of " + total + " " + kind + " tied to the class were allocated here (" + tie + "); "
				+ leak + ".";
	}

	static String workloadExplanation(OnStack onStack, RegressionOpinion opinion) {
		String kind = (onStack.workload().kind() == WorkloadKind.TASK) ? "the method of the task " : "the handler of ";
		String shared = (onStack.servedByHandler() > 1)
				? " (it serves " + onStack.servedByHandler() + " routes the stack cannot tell apart)" : "";
		return onStack.handler() + ", " + kind + onStack.workload().name() + shared
				+ ", is on the allocation stacks of " + percent(onStack.share()) + " of the site's samples. "
				+ opinion.note();
	}

	private static String leakingClass(LeakDiagnosis leak) {
		LeakingClass leaking = leak.leakingClass();
		String holds = leaking.holds().isEmpty() ? "" : " (holding " + String.join(", ", leaking.holds()) + ")";
		String growth = (leaking.growthBytesPerHour() != null)
				? " grows by about " + megabytes(leaking.growthBytesPerHour()) + " MB/h"
				: " objects keep outliving collections";
		return leaking.className() + holds + growth;
	}

	private static String workload(LeakDiagnosis leak) {
		WorkloadFinding workload = leak.workload();
		if (workload == null) {
			return " (no route or task is on its allocation stack)";
		}
		return " by " + ((workload.kind() == WorkloadKind.TASK) ? "the task " : "") + workload.name();
	}

	private static String exhaustion(LeakDiagnosis leak) {
		Instant at = leak.projectedExhaustion();
		return (at != null) ? "; at this rate the heap is full at " + time(at) : "";
	}

	private static String rate(Evidence evidence) {
		Double perSecond = evidence.heap().growthBytesPerSecond();
		return (perSecond != null) ? " by " + megabytes(perSecond * 3600) + " MB/h (" + evidence.status() + ")"
				: " (" + evidence.status() + ")";
	}

	// Evidence due before now is being gathered (a snapshot that runs, say).
	private static String next(List<PendingEvidence> pending, Instant now) {
		return pending.stream()
			.filter((item) -> item.dueAt() != null)
			.map(PendingEvidence::dueAt)
			.min(Instant::compareTo)
			.map((due) -> due.isAfter(now) ? "; more evidence is due at " + time(due) : "; more evidence is due now")
			.orElse("");
	}

	private static String names(List<Suspect> suspects) {
		return String.join(", ", suspects.stream().map((suspect) -> TypeNames.readable(suspect.className())).toList());
	}

	private static String megabytes(double bytes) {
		return String.format(Locale.ROOT, "%.1f", bytes / 1_000_000);
	}

	static String percent(double fraction) {
		if (fraction > 0 && fraction < 0.005) {
			// 0.007%, not 0%: a share that small is the point.
			return new BigDecimal(fraction * 100).round(new MathContext(1)).toPlainString() + "%";
		}
		return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
	}

	private static String time(Instant instant) {
		return instant.truncatedTo(ChronoUnit.SECONDS).toString();
	}

}
