package dev.memleak.sites;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One attempt to write a heap dump.
 *
 * @param time when the attempt started
 * @param trigger why
 * @param status what became of it
 * @param file the dump, or {@code null} unless completed
 * @param bytes its size, or 0
 * @param duration how long writing took (the application was stopped that long)
 * @param note why it was not written, or {@code null}
 * @author memleak
 */
public record HeapDumpResult(Instant time, SitesTrigger trigger, HeapDumpStatus status, @Nullable String file,
		long bytes, Duration duration, @Nullable String note) {

	static HeapDumpResult notWritten(Instant time, SitesTrigger trigger, HeapDumpStatus status, String note) {
		return new HeapDumpResult(time, trigger, status, null, 0, Duration.ZERO, note);
	}

}
