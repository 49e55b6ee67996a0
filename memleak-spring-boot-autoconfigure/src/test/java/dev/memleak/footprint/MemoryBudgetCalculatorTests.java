package dev.memleak.footprint;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryBudgetCalculatorTests {

	private static final long MIB = 1024 * 1024;

	@Test
	void theClassicMaxRamPercentageMistakeNamesTheFlagAndAValueThatFits() throws IOException {
		// A 512 MiB container with MaxRAMPercentage=90: a 460 MiB heap, and the sample
		// application's 150 MiB outside it.
		JvmFlags flags = flags((long) (512 * MIB * 0.9), false, 90, true);
		MemoryBudget budget = MemoryBudgetCalculator.calculate(flags, 512 * MIB, jvm(200 * MIB), null,
				new ProcessMemory(350 * MIB, null, null, 40), 200 * MIB);
		assertThat(budget.outsideHeapBytes()).isEqualTo(150 * MIB);
		assertThat(budget.headroomBytes()).isEqualTo(512 * MIB - flags.maxHeapBytes() - 150 * MIB);
		assertThat(budget.fits()).isFalse();
		// (512 - 150 * 1.5) / 512 = 56%.
		assertThat(budget.warning()).contains("cannot fit the container's memory limit of 512 MiB")
			.contains("the heap may grow to 461 MiB (-XX:MaxRAMPercentage)")
			.contains("Lower -XX:MaxRAMPercentage (now 90) to at most 56");
	}

	@Test
	void committedHeapNeverTouchedIsNotCountedAsUsedSoTheMemoryOutsideTheHeapStillCounts() {
		// -Xms equal to -Xmx without pre-touching: 460 MiB committed, 100 MiB ever used,
		// 250 MiB resident. Resident memory less the committed heap would say nothing is
		// used outside the heap, and the settings would seem to fit.
		JvmFlags flags = flags(460 * MIB, true, 25, false);
		MemoryBudget budget = MemoryBudgetCalculator.calculate(flags, 512 * MIB, jvm(460 * MIB), null,
				new ProcessMemory(250 * MIB, null, null, 40), 100 * MIB);
		assertThat(budget.outsideHeapBytes()).isEqualTo(150 * MIB);
		assertThat(budget.fits()).isFalse();
		assertThat(budget.warning()).contains("Lower -Xmx to at most 287m");
	}

	@Test
	void anExplicitHeapMaximumIsNamedAsXmx() {
		JvmFlags flags = flags(480 * MIB, true, 25, false);
		MemoryBudget budget = MemoryBudgetCalculator.calculate(flags, 512 * MIB, jvm(200 * MIB), null,
				new ProcessMemory(350 * MIB, null, null, 40), 200 * MIB);
		assertThat(budget.warning()).contains("(-Xmx)").contains("Lower -Xmx to at most 287m");
	}

	@Test
	void settingsThatFitGiveNoWarningAndTheHeadroom() throws IOException {
		JvmFlags flags = flags(256 * MIB, true, 25, false);
		NativeMemory nmt = NativeMemoryParser.parse(Files.readString(Trees.nmt("jdk17-spring-boot.txt")));
		MemoryBudget budget = MemoryBudgetCalculator.calculate(flags, 1024 * MIB, jvm(nmt.committed("Java Heap")), nmt,
				new ProcessMemory(nmt.committedBytes() + 10 * MIB, null, null, 40), nmt.committed("Java Heap"));
		assertThat(budget.warning()).isNull();
		assertThat(budget.fits()).isTrue();
		// NMT's total less its heap, and 10 MiB resident beyond NMT.
		long outside = nmt.committedBytes() - nmt.committed("Java Heap") + 10 * MIB;
		assertThat(budget.outsideHeapBytes()).isEqualTo(outside);
		assertThat(budget.headroomBytes()).isEqualTo(1024 * MIB - 256 * MIB - outside);
		assertThat(budget.items()).extracting(MemoryBudget.Item::name)
			.containsExactly("heap", "direct buffers", "metaspace", "thread stacks", "code cache", "garbage collector",
					"other JVM memory (NMT)", "untracked native memory");
		assertThat(budget.items().stream().skip(1).mapToLong((item) -> item.usedBytes()).sum()).isEqualTo(outside);
		// Direct buffers default to the heap's maximum; metaspace is unbounded.
		assertThat(budget.items().get(1).allowedBytes()).isEqualTo(256 * MIB);
		assertThat(budget.unbounded()).containsExactly("metaspace (-XX:MaxMetaspaceSize not set)");
		assertThat(BudgetLine.of(budget))
			.startsWith("memory budget: container limit 1024 MiB; heap up to 256 MiB (-Xmx)")
			.contains("metaspace (-XX:MaxMetaspaceSize not set) counted at today's size");
	}

	@Test
	void withoutALimitThereIsNoHeadroomAndNoWarning() {
		MemoryBudget budget = MemoryBudgetCalculator.calculate(flags(4096 * MIB, false, 25, false), null,
				jvm(100 * MIB), null, null, 50 * MIB);
		assertThat(budget.headroomBytes()).isNull();
		assertThat(budget.fits()).isTrue();
		assertThat(budget.warning()).isNull();
		assertThat(BudgetLine.of(budget)).startsWith("memory budget: no container limit; heap up to 4096 MiB");
	}

	private static JvmFlags flags(long maxHeap, boolean heapSet, double percentage, boolean percentageSet) {
		return new JvmFlags(maxHeap, heapSet, percentage, percentageSet, null, null, MIB, 240 * MIB, "off", "G1");
	}

	private static JvmMemory jvm(long heapCommitted) {
		return new JvmMemory(heapCommitted / 2, heapCommitted, 60 * MIB, 62 * MIB, 20 * MIB, 24 * MIB, 0L, 0L, 0L, 0L,
				12000, 0, 40);
	}

}
