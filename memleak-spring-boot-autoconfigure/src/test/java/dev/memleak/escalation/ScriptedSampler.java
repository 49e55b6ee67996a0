package dev.memleak.escalation;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.PauseBudget;
import dev.memleak.sites.EmissionStatus;
import dev.memleak.sites.LeakSite;
import dev.memleak.sites.LeakSiteSampler;
import dev.memleak.sites.RecordingStatus;
import dev.memleak.sites.SitesEmission;
import dev.memleak.sites.SitesSettings;
import dev.memleak.sites.SitesTrigger;
import org.jspecify.annotations.Nullable;

/**
 * A leak-site sampler whose emissions find the sites the test sets, at the time of the
 * test's clock.
 *
 * @author memleak
 */
class ScriptedSampler extends LeakSiteSampler {

	private final Clock clock;

	final AtomicInteger emissions = new AtomicInteger();

	volatile List<LeakSite> next = List.of();

	private volatile boolean recording;

	private volatile @Nullable SitesEmission last;

	private volatile List<LeakSite> sites = List.of();

	ScriptedSampler(Clock clock, SitesSettings settings) {
		super(null, null, settings, clock, new FailureRecorder(null), null, PauseBudget.unlimited());
		this.clock = clock;
	}

	@Override
	public boolean startRecording() {
		this.recording = true;
		return true;
	}

	@Override
	public void stopRecording() {
		this.recording = false;
	}

	@Override
	public boolean isRecording() {
		return this.recording;
	}

	@Override
	public RecordingStatus status() {
		return this.recording ? RecordingStatus.RECORDING : RecordingStatus.WAITING;
	}

	@Override
	public SitesEmission emit(SitesTrigger trigger) {
		this.sites = this.next;
		this.emissions.incrementAndGet();
		SitesEmission emission = new SitesEmission(this.clock.instant(), trigger, EmissionStatus.COMPLETED,
				Duration.ofMillis(5), this.sites.size(), this.sites, null);
		this.last = emission;
		return emission;
	}

	@Override
	public @Nullable SitesEmission lastEmission() {
		return this.last;
	}

	@Override
	public List<LeakSite> sites() {
		return this.sites;
	}

	@Override
	public List<String> notes() {
		return List.of();
	}

}
