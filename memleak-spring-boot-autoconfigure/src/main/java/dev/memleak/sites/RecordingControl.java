package dev.memleak.sites;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.memleak.core.FailureRecorder;
import org.jspecify.annotations.Nullable;

/**
 * Starts and stops the one old-object recording of a sampler and remembers why it cannot
 * run. A recording that failed to start is not tried again: the reason is reported
 * instead. Callers serialize {@link #start()} and {@link #stop()}; the getters may be
 * read from any thread.
 *
 * @author memleak
 */
final class RecordingControl {

	private final @Nullable OldObjectRecorder recorder;

	private final Duration cutoff;

	private final Clock clock;

	private final FailureRecorder failures;

	private volatile @Nullable OldObjectRecording recording;

	private volatile @Nullable Instant since;

	private volatile @Nullable String startFailure;

	RecordingControl(@Nullable OldObjectRecorder recorder, Duration cutoff, Clock clock, FailureRecorder failures) {
		this.recorder = recorder;
		this.cutoff = cutoff;
		this.clock = clock;
		this.failures = failures;
	}

	/**
	 * Start the recording unless it runs or cannot run.
	 * @return whether it runs now
	 */
	boolean start() {
		OldObjectRecorder recorder = this.recorder;
		if (this.recording != null) {
			return true;
		}
		if (recorder == null || unavailableReason() != null) {
			return false;
		}
		try {
			this.recording = recorder.start(this.cutoff);
			this.since = this.clock.instant();
			return true;
		}
		catch (Exception | LinkageError ex) {
			this.failures.record(LeakSiteSampler.COMPONENT, ex);
			this.startFailure = "The old-object recording failed to start: " + ex;
			return false;
		}
	}

	/**
	 * Get the JVM ready to record, without recording; failures are counted and do not
	 * stop a later {@link #start()} from trying.
	 */
	void prepare() {
		OldObjectRecorder recorder = this.recorder;
		if (recorder == null || unavailableReason() != null) {
			return;
		}
		try {
			recorder.prepare();
		}
		catch (Exception | LinkageError ex) {
			this.failures.record(LeakSiteSampler.COMPONENT, ex);
		}
	}

	void stop() {
		OldObjectRecording recording = this.recording;
		this.recording = null;
		this.since = null;
		if (recording != null) {
			try {
				recording.close();
			}
			catch (RuntimeException ex) {
				this.failures.record(LeakSiteSampler.COMPONENT, ex);
			}
		}
	}

	@Nullable OldObjectRecording recording() {
		return this.recording;
	}

	@Nullable Instant since() {
		return this.since;
	}

	/**
	 * Why the recording cannot run.
	 * @return the reason, or {@code null} if it can
	 */
	@Nullable String unavailableReason() {
		if (this.recorder == null) {
			return "JDK Flight Recorder (module jdk.jfr) is missing: leak sites cannot be recorded.";
		}
		String startFailure = this.startFailure;
		return (startFailure != null) ? startFailure : this.recorder.unavailableReason();
	}

}
