package dev.memleak.footprint;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The parser on real summaries of JDK 17 and JDK 25 (see the resources' README).
 */
class NativeMemoryParserTests {

	private static final long KB = 1024;

	@Test
	void parsesJdk17SpringBootSummary() throws IOException {
		NativeMemory nmt = parse("jdk17-spring-boot.txt");
		assertThat(nmt.reservedBytes()).isEqualTo(1777810 * KB);
		assertThat(nmt.committedBytes()).isEqualTo(232702 * KB);
		assertThat(nmt.committed("Java Heap")).isEqualTo(78848 * KB);
		assertThat(nmt.committed("Thread")).isEqualTo(3364 * KB);
		assertThat(nmt.committed("Native Memory Tracking")).isEqualTo(3916 * KB);
		assertThat(nmt.categories()).extracting(NativeMemory.Category::name)
			.startsWith("Java Heap", "Class", "Thread", "Code", "GC")
			.contains("Arena Chunk", "Symbol", "Metaspace")
			.doesNotHaveDuplicates();
		assertThat(nmt.categories().stream().mapToLong(NativeMemory.Category::committedBytes).sum())
			.as("the categories add up to the total, within NMT's rounding to KB")
			.isBetween(nmt.committedBytes() - 32 * KB, nmt.committedBytes() + 32 * KB);
		assertThat(nmt.threads()).isPositive();
		assertThat(nmt.classes()).isPositive();
		// JDK 17 prints peaks per category only: the sum of each below its peak (Arena
		// Chunk alone 57601 - 14663 KB).
		assertThat(nmt.mallocBelowPeakBytes()).isEqualTo(43362 * KB);
	}

	@Test
	void parsesJdk25SpringBootSummary() throws IOException {
		NativeMemory nmt = parse("jdk25-spring-boot.txt");
		assertThat(nmt.committedBytes()).isEqualTo(285123 * KB);
		assertThat(nmt.committed("Java Heap")).isEqualTo(155648 * KB);
		assertThat(nmt.committed("GCCardSet")).isEqualTo(4 * KB);
		assertThat(nmt.threads()).isEqualTo(38);
		assertThat(nmt.classes()).isEqualTo(9885);
		// JDK 25 prints the total's peak: 59472 - 24047 KB.
		assertThat(nmt.mallocBelowPeakBytes()).isEqualTo(35425 * KB);
		assertThat(nmt.categories().stream().mapToLong(NativeMemory.Category::committedBytes).sum())
			.isBetween(nmt.committedBytes() - 32 * KB, nmt.committedBytes() + 32 * KB);
	}

	@Test
	void directBuffersAndUnsafeMemoryAreBothInOtherOnBothJdks() throws IOException {
		for (String file : new String[] { "jdk17-direct-and-unsafe.txt", "jdk25-direct-and-unsafe.txt" }) {
			NativeMemory nmt = parse(file);
			// 50 direct buffers and 30 Unsafe blocks of 1 MiB each.
			assertThat(nmt.committed("Other")).as(file).isBetween(80 * 1024 * KB, 81 * 1024 * KB);
		}
		assertThat(parse("jdk17-direct-and-unsafe.txt").threads()).isEqualTo(19);
	}

	@Test
	void trackingOffIsNotASummary() throws IOException {
		assertThatIllegalArgumentException().isThrownBy(() -> parse("off.txt"))
			.withMessageContaining("Native memory tracking is not enabled");
	}

	@Test
	void unitsOtherThanKilobytes() {
		NativeMemory nmt = NativeMemoryParser.parse("""
				Total: reserved=2GB, committed=300MB
				-                 Java Heap (reserved=1GB, committed=200MB)
				""");
		assertThat(nmt.reservedBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
		assertThat(nmt.committed("Java Heap")).isEqualTo(200L * 1024 * 1024);
		assertThat(nmt.committed("Thread")).isZero();
		assertThat(nmt.mallocBelowPeakBytes()).as("no peaks printed").isZero();
	}

	private static NativeMemory parse(String file) throws IOException {
		return NativeMemoryParser.parse(Files.readString(Trees.nmt(file)));
	}

}
