package dev.memleak.diagnosis;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.PauseBudget;
import dev.memleak.sites.LeakSite;
import dev.memleak.sites.LeakSiteSampler;
import dev.memleak.sites.SitesSettings;
import dev.memleak.snapshot.ClassHistogramSource;
import dev.memleak.snapshot.SnapshotMode;
import org.jspecify.annotations.Nullable;

/**
 * A class histogram source in which one chosen class (or none) gains instances at every
 * snapshot, and a leak-site sampler whose last emission found fixed sites.
 */
final class GrowingClasses implements ClassHistogramSource {

	private final AtomicInteger snapshots = new AtomicInteger();

	private final AtomicReference<String> growing = new AtomicReference<>();

	GrowingClasses(String growing) {
		this.growing.set(growing);
	}

	void grow(@Nullable String className) {
		this.growing.set(className);
	}

	@Override
	public String classHistogram(SnapshotMode mode) {
		int n = this.snapshots.incrementAndGet();
		String growingClass = this.growing.get();
		StringBuilder text = new StringBuilder(" num     #instances         #bytes  class name (module)\n");
		text.append("-------------------------------------------------------\n");
		if (growingClass != null) {
			text.append(
					String.format(Locale.ROOT, "%4d: %13d %14d  %s%n", 1, n * 100_000L, n * 2_400_000L, growingClass));
		}
		text.append(String.format(Locale.ROOT, "%4d: %13d %14d  %s%n", 2, 10, 240, "java.lang.String"));
		return text.toString();
	}

	/**
	 * A sampler whose last emission found the given sites.
	 */
	static final class FixedSites extends LeakSiteSampler {

		private final AtomicReference<List<LeakSite>> sites;

		FixedSites(List<LeakSite> sites) {
			super(null, null, SitesSettings.defaults(), Clock.systemUTC(), new FailureRecorder(null), null,
					PauseBudget.unlimited());
			this.sites = new AtomicReference<>(sites);
		}

		void set(List<LeakSite> sites) {
			this.sites.set(sites);
		}

		@Override
		public List<LeakSite> sites() {
			return this.sites.get();
		}

	}

}
