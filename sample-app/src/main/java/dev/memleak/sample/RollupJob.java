package dev.memleak.sample;

import java.util.HashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A background job that rolls up order totals; allocates, retains nothing.
 *
 * @author memleak
 */
@Component
class RollupJob {

	private static final Log logger = LogFactory.getLog(RollupJob.class);

	@Scheduled(fixedDelayString = "${sample.job.interval:30s}", initialDelayString = "${sample.job.interval:30s}")
	void rollup() {
		Map<String, Long> totals = new HashMap<>();
		for (int i = 0; i < 50_000; i++) {
			totals.merge("customer-" + (i % 500), (long) (i % 97), Long::sum);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Rolled up " + totals.size() + " customers");
		}
	}

}
