package dev.memleak.sites;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One attempt to emit leak sites, successful or not.
 *
 * @param time when the attempt started
 * @param trigger why
 * @param status what became of it
 * @param duration how long emitting and reading the samples took (the application was
 * stopped for only a few milliseconds of it without paths to GC roots)
 * @param samples sampled objects still alive
 * @param sites the sites, leak sites first; empty unless completed
 * @param note why it is not completed, or {@code null}
 * @author memleak
 */
public record SitesEmission(Instant time, SitesTrigger trigger, EmissionStatus status, Duration duration, int samples,
		List<LeakSite> sites, @Nullable String note) {

	public SitesEmission {
		sites = List.copyOf(sites);
	}

	static SitesEmission notEmitted(Instant time, SitesTrigger trigger, EmissionStatus status, String note) {
		return new SitesEmission(time, trigger, status, Duration.ZERO, 0, List.of(), note);
	}

}
