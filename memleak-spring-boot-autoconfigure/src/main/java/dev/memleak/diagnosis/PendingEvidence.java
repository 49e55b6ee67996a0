package dev.memleak.diagnosis;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A piece of evidence the diagnosis still lacks, and when it is due.
 *
 * @param part the answer it is for
 * @param reason what is missing and what will bring it, in one sentence
 * @param dueAt when the next piece of evidence for that answer is expected, or
 * {@code null} if nothing will bring it without a change (a feature switched off, say)
 * @author memleak
 */
public record PendingEvidence(DiagnosisPart part, String reason, @Nullable Instant dueAt) {

}
