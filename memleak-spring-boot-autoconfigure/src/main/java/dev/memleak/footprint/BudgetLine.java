package dev.memleak.footprint;

import static dev.memleak.footprint.MemoryBudgetCalculator.mebibytes;

/**
 * The memory budget in one log line.
 *
 * @author memleak
 */
final class BudgetLine {

	private BudgetLine() {
	}

	static String of(MemoryBudget budget) {
		StringBuilder line = new StringBuilder("memory budget: ");
		line.append((budget.limitBytes() != null) ? "container limit " + mebibytes(budget.limitBytes())
				: "no container limit");
		MemoryBudget.Item heap = budget.items().get(0);
		line.append("; heap up to ").append(mebibytes(budget.heapMaxBytes())).append(" (").append(heap.option());
		line.append("); outside the heap ").append(mebibytes(budget.outsideHeapBytes())).append(" now, ");
		line.append(mebibytes(budget.outsideHeapAllowedBytes())).append(" as the settings allow");
		if (!budget.unbounded().isEmpty()) {
			line.append(" with ").append(String.join(", ", budget.unbounded())).append(" counted at today's size");
		}
		if (budget.headroomBytes() != null) {
			line.append("; headroom with a full heap ").append(mebibytes(budget.headroomBytes()));
		}
		return line.toString();
	}

}
