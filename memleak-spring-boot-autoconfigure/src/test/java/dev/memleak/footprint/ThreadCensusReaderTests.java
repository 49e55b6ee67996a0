package dev.memleak.footprint;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadCensusReaderTests {

	private final ParkedThreads threads = new ParkedThreads();

	@AfterEach
	void stopThreads() throws InterruptedException {
		this.threads.close();
	}

	@Test
	void foldsNumbersAndKeepsThoseEveryMemberShares() {
		for (int i = 1; i <= 12; i++) {
			start("census-pool-" + (100 + i) + "-thread-1");
		}
		for (int i = 1; i <= 5; i++) {
			start("census-nio-8080-exec-" + i);
		}
		start("census-single-7");
		ThreadCensus census = new ThreadCensusReader(200).read();
		assertThat(census.threads()).isGreaterThanOrEqualTo(18);
		assertThat(group(census, "census-pool-N-thread-N"))
			.isEqualTo(new ThreadCensus.Group("census-pool-N-thread-N", "census-pool-N-thread-1", 12));
		assertThat(group(census, "census-nio-N-exec-N").pattern()).isEqualTo("census-nio-8080-exec-N");
		assertThat(group(census, "census-nio-N-exec-N").threads()).isEqualTo(5);
		assertThat(group(census, "census-single-N").pattern()).isEqualTo("census-single-N");
		assertThat(census.groups().get(0).threads()).isGreaterThanOrEqualTo(census.groups().get(1).threads());
	}

	@Test
	void groupsBeyondTheBoundShareOne() {
		for (int i = 0; i < 10; i++) {
			start("bounded-" + (char) ('a' + i));
		}
		ThreadCensus census = new ThreadCensusReader(3).read();
		assertThat(census.groups()).hasSize(4);
		assertThat(census.groups().get(3).key()).isEqualTo(ThreadCensus.OTHER);
		assertThat(census.groups().stream().mapToInt(ThreadCensus.Group::threads).sum()).isEqualTo(census.threads());
	}

	@Test
	void longNamesAreCut() {
		start("x".repeat(500));
		ThreadCensus census = new ThreadCensusReader(200).read();
		assertThat(census.groups()).extracting(ThreadCensus.Group::key)
			.contains("x".repeat(ThreadCensusReader.MAX_NAME_LENGTH))
			.allMatch((key) -> key.length() <= ThreadCensusReader.MAX_NAME_LENGTH);
	}

	@Test
	void folding() {
		assertThat(ThreadCensusReader.fold("pool-12-thread-3")).isEqualTo("pool-N-thread-N");
		assertThat(ThreadCensusReader.fold("http-nio-8080-exec-10")).isEqualTo("http-nio-N-exec-N");
		assertThat(ThreadCensusReader.fold("main")).isEqualTo("main");
	}

	private static ThreadCensus.Group group(ThreadCensus census, String key) {
		return census.groups().stream().filter((group) -> group.key().equals(key)).findFirst().orElseThrow();
	}

	private void start(String name) {
		this.threads.start(name);
	}

}
