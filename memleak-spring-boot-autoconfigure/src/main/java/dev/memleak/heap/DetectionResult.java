package dev.memleak.heap;

import java.time.Instant;

/**
 * Everything one evaluation found: the verdict and what retains memory.
 *
 * @param evaluatedAt when
 * @param verdict the leak verdict
 * @param attribution which workloads retain memory
 * @author memleak
 */
public record DetectionResult(Instant evaluatedAt, LeakVerdict verdict, RetentionAttributor.Attribution attribution) {

}
