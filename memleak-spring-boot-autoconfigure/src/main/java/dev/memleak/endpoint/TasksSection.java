package dev.memleak.endpoint;

import java.util.Comparator;
import java.util.List;

import dev.memleak.task.TaskAllocation;

/**
 * Background tasks, the most allocating first.
 *
 * @author memleak
 */
final class TasksSection implements PageSection {

	@Override
	public void render(PageModel model, Html html) {
		List<TaskAllocation> tasks = model.report()
			.tasks()
			.stream()
			.sorted(Comparator.comparingLong(TaskAllocation::allocatedBytesTotal).reversed())
			.toList();
		PageSection.open(html, "tasks", "Tasks by allocation");
		if (tasks.isEmpty()) {
			html.element("p", "No task measured yet.", "class", "empty");
			html.close("section");
			return;
		}
		PageSection.tableHead(html, "Task", "Runs#", "Failed#", "Mean#", "Max#", "Total#", "Mean duration#",
				"Not measured");
		for (TaskAllocation task : tasks) {
			html.open("tr").element("td", task.name(), "class", "mono");
			PageSection.number(html, PageFormats.count(task.count()));
			PageSection.number(html, PageFormats.count(task.failureCount()));
			PageSection.number(html, PageFormats.bytes(task.allocatedBytesMean()));
			PageSection.number(html, PageFormats.bytes(task.allocatedBytesMax()));
			PageSection.number(html, PageFormats.bytes(task.allocatedBytesTotal()));
			PageSection.number(html, PageFormats.millis(task.durationMillisMean()));
			html.element("td", (task.allocationUnavailable() != null) ? task.allocationUnavailable() : "", "class",
					"muted");
			html.close("tr");
		}
		html.close("tbody").close("table").close("section");
	}

}
