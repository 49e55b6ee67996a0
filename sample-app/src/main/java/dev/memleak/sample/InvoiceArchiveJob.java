package dev.memleak.sample;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Archives an invoice on every run into a static list that only grows, when
 * {@code sample.job.leak.enabled=true}: a leak in a background job, which no request
 * touches. The retained class, {@link ArchivedInvoice}, is distinctive so that it stands
 * out in class histograms.
 *
 * @author memleak
 */
@Component
@ConditionalOnBooleanProperty("sample.job.leak.enabled")
class InvoiceArchiveJob {

	// Static on purpose: this is the leak the sample demonstrates.
	private static final List<ArchivedInvoice> ARCHIVE = new ArrayList<>();

	private final SampleProperties properties;

	InvoiceArchiveJob(SampleProperties properties) {
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${sample.job.leak.interval:1s}")
	void archive() {
		int bytes = (int) this.properties.getJob().getLeak().getBytesPerRun().toBytes();
		synchronized (ARCHIVE) {
			ARCHIVE.add(new ArchivedInvoice(ARCHIVE.size() + 1, System.currentTimeMillis(), new byte[bytes]));
		}
	}

	static int archived() {
		synchronized (ARCHIVE) {
			return ARCHIVE.size();
		}
	}

	/**
	 * One archived invoice, kept forever.
	 *
	 * @param number the invoice number
	 * @param archivedAt when it was archived, in epoch milliseconds
	 * @param document the retained rendered document
	 */
	record ArchivedInvoice(long number, long archivedAt, byte[] document) {
	}

}
