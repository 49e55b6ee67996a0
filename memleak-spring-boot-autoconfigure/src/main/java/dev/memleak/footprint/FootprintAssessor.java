package dev.memleak.footprint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memleak.footprint.FootprintReport.CategoryReport;
import dev.memleak.footprint.FootprintReport.ThreadGroupReport;
import dev.memleak.footprint.GrowthJudge.Judgement;
import dev.memleak.heap.LeakStatus;
import org.jspecify.annotations.Nullable;

/**
 * Judges every series of the history and turns the judgements into one verdict per
 * category: the most severe of the category's series, with the series that grows named.
 *
 * @author memleak
 */
final class FootprintAssessor {

	/**
	 * NMT categories that belong to another category: the heap is the live set's, and
	 * threads, metaspace and code are judged from the management beans. {@code Module}
	 * holds each class loader's module and package tables: it grows with class loaders.
	 */
	static final Set<String> NOT_NMT_OTHER = Set.of("Java Heap", "Thread", "Class", "Metaspace", "Module", "Code");

	private static final Comparator<LeakStatus> SEVERITY = Comparator.comparingInt(FootprintAssessor::severity);

	private final FootprintSettings settings;

	private final GrowthJudge judge;

	private final Map<String, LeakStatus> previous = new HashMap<>();

	private final Map<String, LeakStatus> statuses = new HashMap<>();

	private final Map<String, Instant> since = new HashMap<>();

	FootprintAssessor(FootprintSettings settings) {
		this.settings = settings;
		this.judge = new GrowthJudge(settings);
	}

	/**
	 * Judge every series.
	 * @param sample the latest sample
	 * @param nativeSample the latest sample that read NMT's summary (the latest sample
	 * itself, or an earlier one when NMT is read every Nth sample), or {@code null}
	 * @param history the history, the latest sample recorded
	 * @return the assessment
	 */
	synchronized Assessment assess(FootprintSample sample, @Nullable FootprintSample nativeSample,
			FootprintHistory history) {
		Series series = new Series(history, sample.at().toEpochMilli());
		JvmMemory jvm = sample.jvm();
		NativeMemory nmt = (nativeSample != null) ? nativeSample.nativeMemory() : null;
		double bytes = this.settings.minGrowthBytesPerHour();
		double threads = this.settings.minThreadGrowthPerHour();
		List<CategoryReport> categories = new ArrayList<>();
		Judgement direct = series.judge(FootprintHistory.DIRECT, bytes);
		categories
			.add(report(FootprintCategory.DIRECT_BUFFERS, direct, jvm.directBytes(), jvm.directBuffers(), null, null));
		Judgement mapped = series.judge(FootprintHistory.MAPPED, bytes);
		categories
			.add(report(FootprintCategory.MAPPED_BUFFERS, mapped, jvm.mappedBytes(), jvm.mappedBuffers(), null, null));
		List<ThreadGroupReport> groups = new ArrayList<>();
		Judgement leadingGroup = null;
		String leadingPattern = null;
		for (ThreadCensus.Group group : sample.threads().groups()) {
			Judgement judgement = series.judge(FootprintHistory.THREAD_GROUP + group.key(), threads);
			groups
				.add(new ThreadGroupReport(group.pattern(), group.threads(), judgement.perHour(), judgement.status()));
			if (leadingGroup == null || isWorse(judgement, leadingGroup)) {
				leadingGroup = judgement;
				leadingPattern = group.pattern() + ": " + group.threads() + " threads";
			}
		}
		Judgement count = series.judge(FootprintHistory.THREADS, threads);
		Judgement threadBytes = (nmt != null) ? series.judge(FootprintHistory.NATIVE + "Thread", bytes) : null;
		Judgement threadVerdict = (leadingGroup != null && SEVERITY.compare(leadingGroup.status(), count.status()) > 0)
				? leadingGroup : count;
		boolean groupGrows = leadingGroup != null && severity(leadingGroup.status()) >= severity(LeakStatus.WATCH);
		categories.add(new CategoryReport(FootprintCategory.THREADS.tag(), threadVerdict.status(), null,
				(nmt != null) ? nmt.committed("Thread") : null, (threadBytes != null) ? threadBytes.perHour() : null,
				(long) sample.threads().threads(), count.perHour(), threadVerdict.confidence(),
				groupGrows ? leadingPattern : null, threadVerdict.reason()));
		Judgement metaspace = series.judge(FootprintHistory.METASPACE, bytes);
		Judgement classes = series.judge(FootprintHistory.CLASSES, 0);
		categories.add(report(FootprintCategory.METASPACE, metaspace, jvm.metaspaceUsedBytes(), jvm.loadedClasses(),
				classes.perHour(), jvm.unloadedClasses() + " classes unloaded since startup"));
		categories.add(report(FootprintCategory.CODE_CACHE,
				series.judge(FootprintHistory.CODE, this.settings.minCodeCacheGrowthBytesPerHour()),
				jvm.codeCacheUsedBytes(), null, null, null));
		Judgement resident = series.judge(FootprintHistory.RESIDENT, bytes);
		categories.add(nmtOther(nativeSample, series, bytes, resident));
		Judgement untracked = (nmt != null)
				? residentGrowsToo(series.judge(FootprintHistory.UNTRACKED, bytes), resident)
				: new Judgement(LeakStatus.UNKNOWN, null, null, "Native Memory Tracking is off");
		categories.add(report(FootprintCategory.UNTRACKED_NATIVE, untracked,
				(nativeSample != null) ? nativeSample.untrackedBytes() : null, null, null, null));
		categories = ByProducts.attribute(categories).stream().map((report) -> withSince(report, sample.at())).toList();
		categories = new ArrayList<>(categories);
		categories.sort(Comparator.comparing(CategoryReport::status, SEVERITY.reversed()));
		groups.sort(Comparator.comparing(ThreadGroupReport::status, SEVERITY.reversed())
			.thenComparing(Comparator.comparingInt(ThreadGroupReport::threads).reversed()));
		this.previous.keySet().retainAll(series.judged);
		return new Assessment(categories, groups, series.judge(FootprintHistory.OUTSIDE_HEAP, bytes));
	}

	/**
	 * NMT's categories and the untracked rest are only a leak when resident memory grows
	 * too: NMT counts arena and malloc memory the JVM frees and the C allocator keeps, so
	 * they dip and recover while the process stays the same size.
	 */
	private static Judgement residentGrowsToo(Judgement judgement, Judgement resident) {
		if (severity(resident.status()) >= severity(judgement.status())) {
			return judgement;
		}
		return new Judgement(resident.status(), judgement.perHour(), judgement.confidence(),
				(resident.status() == LeakStatus.UNKNOWN) ? resident.reason()
						: judgement.reason() + " in NMT's accounting, but resident memory " + resident.reason());
	}

	// NMT's categories with the direct buffers of the same sample.
	private CategoryReport nmtOther(@Nullable FootprintSample sample, Series series, double minPerHour,
			Judgement resident) {
		NativeMemory nmt = (sample != null) ? sample.nativeMemory() : null;
		if (sample == null || nmt == null) {
			return report(FootprintCategory.NMT_OTHER,
					new Judgement(LeakStatus.UNKNOWN, null, null, "Native Memory Tracking is off"), null, null, null,
					null);
		}
		Judgement lead = null;
		NativeMemory.Category leadCategory = null;
		for (NativeMemory.Category category : nmt.categories()) {
			if (NOT_NMT_OTHER.contains(category.name())) {
				continue;
			}
			Judgement judgement = series.judge(FootprintHistory.NATIVE + category.name(), minPerHour);
			if (lead == null || isWorse(judgement, lead)) {
				lead = judgement;
				leadCategory = category;
			}
		}
		if (lead == null) {
			return report(FootprintCategory.NMT_OTHER, new Judgement(LeakStatus.UNKNOWN, null, null, "no NMT category"),
					null, null, null, null);
		}
		long committed = leadCategory.committedBytes();
		boolean other = leadCategory.name().equals(FootprintHistory.NMT_OTHER);
		if (other && sample.jvm().directBytes() != null) {
			committed -= sample.jvm().directBytes();
		}
		return report(FootprintCategory.NMT_OTHER, residentGrowsToo(lead, resident), committed, null, null,
				"NMT category " + leadCategory.name() + (other ? " (less direct buffers)" : ""));
	}

	private CategoryReport report(FootprintCategory category, Judgement judgement, @Nullable Long bytes,
			@Nullable Long count, @Nullable Double countGrowth, @Nullable String detail) {
		return new CategoryReport(category.tag(), judgement.status(), null, bytes, judgement.perHour(), count,
				countGrowth, judgement.confidence(), detail, judgement.reason());
	}

	private CategoryReport withSince(CategoryReport report, Instant now) {
		if (this.statuses.put(report.category(), report.status()) != report.status()) {
			this.since.put(report.category(), now);
		}
		return new CategoryReport(report.category(), report.status(), this.since.get(report.category()), report.bytes(),
				report.growthBytesPerHour(), report.count(), report.countGrowthPerHour(), report.confidence(),
				report.detail(), report.explanation());
	}

	// More severe, or as severe and growing faster.
	private static boolean isWorse(Judgement judgement, Judgement than) {
		int compared = SEVERITY.compare(judgement.status(), than.status());
		return compared > 0 || (compared == 0 && orZero(judgement.perHour()) > orZero(than.perHour()));
	}

	static int severity(LeakStatus status) {
		return switch (status) {
			case UNKNOWN -> 0;
			case OK -> 1;
			case WATCH -> 2;
			case SUSPECTED -> 3;
		};
	}

	private static double orZero(@Nullable Double value) {
		return (value != null) ? value : 0;
	}

	/**
	 * The judged series of one assessment, each judged against its previous status.
	 */
	private final class Series {

		private final FootprintHistory history;

		private final long from;

		private final Set<String> judged = new java.util.HashSet<>();

		Series(FootprintHistory history, long nowMillis) {
			this.history = history;
			this.from = nowMillis - FootprintAssessor.this.settings.window().toMillis();
		}

		Judgement judge(String key, double minPerHour) {
			SampleRing.Window window = this.history.window(key, this.from,
					FootprintAssessor.this.settings.warmUp().toMillis());
			Judgement judgement = FootprintAssessor.this.judge.judge(window, minPerHour,
					FootprintAssessor.this.previous.getOrDefault(key, LeakStatus.UNKNOWN));
			FootprintAssessor.this.previous.put(key, judgement.status());
			this.judged.add(key);
			return judgement;
		}

	}

	/**
	 * What one assessment found.
	 *
	 * @param categories one report per category, the most severe first
	 * @param threadGroups one report per thread group, the most severe and largest first
	 * @param outsideHeap the judgement of the working set outside the heap
	 */
	record Assessment(List<CategoryReport> categories, List<ThreadGroupReport> threadGroups, Judgement outsideHeap) {
	}

}
