package dev.memleak.heap;

import java.time.Instant;

/**
 * Everything one evaluation found: the verdict, what retains memory, and the secondary
 * signals.
 *
 * @param evaluatedAt when
 * @param verdict the leak verdict
 * @param attribution which workloads retain memory
 * @param nonHeap metaspace, classes and direct buffers
 * @author memleak
 */
public record DetectionResult(Instant evaluatedAt, LeakVerdict verdict, RetentionAttributor.Attribution attribution,
		NonHeapSummary nonHeap) {

}
