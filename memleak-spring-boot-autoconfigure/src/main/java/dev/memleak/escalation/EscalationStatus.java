package dev.memleak.escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.memleak.sites.RecordingStatus;
import dev.memleak.snapshot.SnapshotMode;
import org.jspecify.annotations.Nullable;

/**
 * What the escalation is doing: whether it gathers evidence, why, what it has gathered,
 * what is still missing and when the next piece is due. A value, taken at one moment.
 *
 * @param state idle, gathering, or done (and waiting out the minimum interval)
 * @param trigger what started the current or last escalation, or {@code null} before the
 * first
 * @param reason the trigger in one sentence, with the numbers it rests on, or
 * {@code null} before the first
 * @param startedAt when the current or last escalation started, or {@code null}
 * @param endedAt when the last escalation ended, or {@code null} while one runs or before
 * the first
 * @param nextPossibleAt the earliest time another escalation may start
 * ({@code memleak.escalation.min-interval} after the last one started), or {@code null}
 * @param histograms the heap snapshots of the escalation
 * @param sites the leak sites of the escalation
 * @param missing what is still missing, each with when the next piece is due; empty when
 * nothing is
 * @author memleak
 */
public record EscalationStatus(State state, @Nullable Trigger trigger, @Nullable String reason,
		@Nullable Instant startedAt, @Nullable Instant endedAt, @Nullable Instant nextPossibleAt, Histograms histograms,
		Sites sites, List<String> missing) {

	public EscalationStatus {
		missing = List.copyOf(missing);
	}

	/**
	 * Whether the escalation gathers evidence now.
	 * @return {@code true} while gathering
	 */
	public boolean isGathering() {
		return this.state == State.GATHERING;
	}

	/**
	 * The state of the escalation.
	 */
	public enum State {

		/** No escalation has started yet. */
		IDLE,

		/** Gathering evidence. */
		GATHERING,

		/** The last escalation ended; the next may start after its minimum interval. */
		DONE

	}

	/**
	 * What starts an escalation.
	 */
	public enum Trigger {

		/** The leak detector suspects a leak. */
		SUSPECTED,

		/**
		 * The live set grows significantly and fast enough, but not yet for long enough.
		 */
		WATCH,

		/**
		 * No collection reclaims the old generation while it grows: the live set cannot
		 * be observed, and memleak's own full collections measure it.
		 */
		UNOBSERVED

	}

	/**
	 * How far one kind of evidence is.
	 */
	public enum Phase {

		/** Not needed for this escalation (sites wait for SUSPECTED). */
		NOT_NEEDED,

		/** Being gathered. */
		RUNNING,

		/** Gathered: suspects named, or the top leak site stable. */
		DONE,

		/** Gathering ended without the answer (time or budget ran out); see the note. */
		INCOMPLETE,

		/** The feature is off or this JVM cannot provide it; see the note. */
		UNAVAILABLE

	}

	/**
	 * The heap snapshots of an escalation.
	 *
	 * @param phase how far they are
	 * @param mode the mode of the escalation's snapshots, or {@code null} before the
	 * first
	 * @param method how they are taken and why, or {@code null} before the first
	 * @param planned snapshots of one mode the suspects are judged on (K)
	 * @param taken snapshots completed in this escalation
	 * @param spacing time between two of them, from the growth rate, or {@code null}
	 * @param nextAt when the next one is due, or {@code null}
	 * @param pauseMillis the pauses they caused
	 * @param note why they stopped or wait, or {@code null}
	 */
	public record Histograms(Phase phase, @Nullable SnapshotMode mode, @Nullable String method, int planned, int taken,
			@Nullable Duration spacing, @Nullable Instant nextAt, double pauseMillis, @Nullable String note) {

	}

	/**
	 * The leak sites of an escalation.
	 *
	 * @param phase how far they are
	 * @param recording the state of the old-object recording
	 * @param emissions emissions completed in this escalation
	 * @param stableEmissions completed emissions in a row with the same top leak site
	 * @param topLeakSite the top leak site of the last emission (class and allocating
	 * frame), or {@code null}
	 * @param nextEmissionAt when the next emission is due, or {@code null}
	 * @param stopsAt when the recording stops (the status left SUSPECTED), or
	 * {@code null}
	 * @param note why they wait or stopped, while running why the samples may miss the
	 * leak, or {@code null}
	 */
	public record Sites(Phase phase, @Nullable RecordingStatus recording, int emissions, int stableEmissions,
			@Nullable String topLeakSite, @Nullable Instant nextEmissionAt, @Nullable Instant stopsAt,
			@Nullable String note) {

	}

}
