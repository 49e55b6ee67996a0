package dev.memleak.sites;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.PauseBudget;
import dev.memleak.heap.bench.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Automatic heap dumps: a real one, then every way they are refused or fail, and what is
 * left on disk each time.
 */
class HeapDumpTakerTests {

	private static final long MB = 1024 * 1024;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final FailureRecorder failures = new FailureRecorder(null);

	private final PauseBudget budget = new PauseBudget(Duration.ofMinutes(10), this.clock);

	@TempDir
	Path directory;

	@Test
	void writesARealHeapDumpUnderAPartialNameAndKeepsItUnderItsFinalName() throws IOException {
		HeapDumpTaker taker = new HeapDumpTaker(new HotSpotHeapDumper(), properties(DataSize.ofGigabytes(8)),
				this.clock, this.failures, this.budget);
		HeapDumpResult result = taker.dump(SitesTrigger.ESCALATION);
		assertThat(result.status()).isEqualTo(HeapDumpStatus.COMPLETED);
		assertThat(result.file()).isEqualTo(
				this.directory.resolve("memleak-heap-20260101T000000Z-" + ProcessHandle.current().pid() + ".hprof")
					.toString());
		assertThat(Path.of(result.file())).exists().hasSize(result.bytes());
		assertThat(Files.readAllBytes(Path.of(result.file()))).startsWith("JAVA PROFILE 1.0.2".getBytes());
		assertThat(result.duration()).isPositive();
		assertThat(taker.history()).containsExactly(result);
		assertThat(files()).containsExactly(Path.of(result.file()).getFileName().toString());
	}

	@Test
	void aSecondDumpWithinTheMinimumIntervalIsSkipped() throws IOException {
		HeapDumpTaker taker = taker(fakeDumper(MB), DataSize.ofGigabytes(1));
		assertThat(taker.dump(SitesTrigger.ESCALATION).status()).isEqualTo(HeapDumpStatus.COMPLETED);
		this.clock.advance(Duration.ofMinutes(59));
		HeapDumpResult skipped = taker.dump(SitesTrigger.ESCALATION);
		assertThat(skipped.status()).isEqualTo(HeapDumpStatus.SKIPPED);
		assertThat(skipped.note()).contains("memleak.sites.heap-dump.min-interval (PT1H)");
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(taker.dump(SitesTrigger.ESCALATION).status()).isEqualTo(HeapDumpStatus.COMPLETED);
		assertThat(files()).hasSize(2);
	}

	@Test
	void aDumpThatWouldExceedTheQuotaIsSkippedBeforeWritingAnything() throws IOException {
		Files.write(this.directory.resolve("memleak-heap-20251231T000000Z-1.hprof"), new byte[(int) (3 * MB)]);
		HeapDumpTaker taker = new HeapDumpTaker(fakeDumper(MB), properties(DataSize.ofMegabytes(4)), this.clock,
				this.failures, () -> 2 * MB, this.budget);
		HeapDumpResult result = taker.dump(SitesTrigger.ESCALATION);
		assertThat(result.status()).isEqualTo(HeapDumpStatus.SKIPPED);
		assertThat(result.note()).contains("would not fit memleak.sites.heap-dump.max-disk (4 MB; 3 MB taken");
		assertThat(files()).containsExactly("memleak-heap-20251231T000000Z-1.hprof");
	}

	@Test
	void aDumpLargerThanTheRoomLeftIsDeleted() throws IOException {
		HeapDumpTaker taker = new HeapDumpTaker(fakeDumper(5 * MB), properties(DataSize.ofMegabytes(4)), this.clock,
				this.failures, () -> MB, this.budget);
		HeapDumpResult result = taker.dump(SitesTrigger.ESCALATION);
		assertThat(result.status()).isEqualTo(HeapDumpStatus.SKIPPED);
		assertThat(result.note()).contains("did not fit memleak.sites.heap-dump.max-disk").contains("was deleted");
		assertThat(files()).isEmpty();
	}

	@Test
	void aDiskFullDuringTheDumpDeletesThePartialFileAndIsCounted() throws IOException {
		HeapDumper diskFull = (file, live) -> {
			Files.write(file, new byte[(int) MB]);
			throw new IOException("No space left on device");
		};
		HeapDumpTaker taker = taker(diskFull, DataSize.ofGigabytes(1));
		HeapDumpResult result = taker.dump(SitesTrigger.ESCALATION);
		assertThat(result.status()).isEqualTo(HeapDumpStatus.FAILED);
		assertThat(result.note()).contains("the partial file was deleted").contains("No space left on device");
		assertThat(result.file()).isNull();
		assertThat(files()).isEmpty();
		assertThat(this.failures.counts()).containsEntry("sites", 1L);
	}

	@Test
	void anUnwritableDirectoryFailsTheDumpWithANoteNamingTheProperty() throws IOException {
		Path notADirectory = Files.createFile(this.directory.resolve("file"));
		SitesProperties.HeapDump properties = heapDump(DataSize.ofGigabytes(1));
		properties.setDirectory(notADirectory.resolve("dumps"));
		HeapDumpTaker taker = new HeapDumpTaker(new HotSpotHeapDumper(), properties.toSettings(), this.clock,
				this.failures, this.budget);
		HeapDumpResult result = taker.dump(SitesTrigger.ESCALATION);
		assertThat(result.status()).isEqualTo(HeapDumpStatus.FAILED);
		assertThat(result.note()).startsWith("Writing a heap dump to memleak.sites.heap-dump.directory ("
				+ notADirectory.resolve("dumps") + ") failed");
		assertThat(this.failures.counts()).containsEntry("sites", 1L);
	}

	@Test
	void aSecondDumpWhileOneIsBeingWrittenIsBusy() throws Exception {
		CountDownLatch writing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		HeapDumper slow = (file, live) -> {
			writing.countDown();
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			Files.write(file, new byte[16]);
		};
		HeapDumpTaker taker = taker(slow, DataSize.ofGigabytes(1));
		CompletableFuture<HeapDumpResult> first = CompletableFuture
			.supplyAsync(() -> taker.dump(SitesTrigger.ESCALATION));
		assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
		HeapDumpResult second = taker.dump(SitesTrigger.ESCALATION);
		assertThat(second.status()).isEqualTo(HeapDumpStatus.BUSY);
		release.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(HeapDumpStatus.COMPLETED);
		assertThat(taker.history()).extracting(HeapDumpResult::status).containsExactly(HeapDumpStatus.COMPLETED);
	}

	@Test
	void partialDumpsOfThisProcessOrOfDeadOnesAreDeletedAtStartup() throws IOException {
		long self = ProcessHandle.current().pid();
		long alive = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
		long dead = deadPid();
		for (long pid : new long[] { self, alive, dead }) {
			Files.write(this.directory.resolve("memleak-heap-20251231T000000Z-" + pid + ".partial.hprof"), new byte[1]);
		}
		Files.write(this.directory.resolve("memleak-heap-20251231T000000Z-" + dead + ".hprof"), new byte[1]);
		taker(fakeDumper(1), DataSize.ofGigabytes(1));
		assertThat(files()).containsExactlyInAnyOrder("memleak-heap-20251231T000000Z-" + alive + ".partial.hprof",
				"memleak-heap-20251231T000000Z-" + dead + ".hprof");
	}

	@Test
	void dumpsOnSuspectedNeedADirectory() {
		SitesProperties.HeapDump properties = new SitesProperties.HeapDump();
		properties.setOnSuspected(true);
		assertThatIllegalArgumentException().isThrownBy(properties::toSettings)
			.withMessageStartingWith("memleak.sites.heap-dump.directory must be set when "
					+ "memleak.sites.heap-dump.on-suspected=true");
	}

	private HeapDumpTaker taker(HeapDumper dumper, DataSize maxDisk) {
		return new HeapDumpTaker(dumper, properties(maxDisk), this.clock, this.failures, () -> MB, this.budget);
	}

	private SitesSettings.HeapDumpSettings properties(DataSize maxDisk) {
		return heapDump(maxDisk).toSettings();
	}

	private SitesProperties.HeapDump heapDump(DataSize maxDisk) {
		SitesProperties.HeapDump properties = new SitesProperties.HeapDump();
		properties.setOnSuspected(true);
		properties.setDirectory(this.directory);
		properties.setMinInterval(Duration.ofHours(1));
		properties.setMaxDisk(maxDisk);
		return properties;
	}

	private static HeapDumper fakeDumper(long bytes) {
		return (file, live) -> Files.write(file, new byte[(int) bytes]);
	}

	private java.util.List<String> files() throws IOException {
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
	}

	private static long deadPid() throws IOException {
		Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-version")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("java -version did not exit within 30 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while waiting for java -version", ex);
		}
		return process.pid();
	}

}
