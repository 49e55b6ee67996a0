package dev.memleak.task;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.memleak.allocation.BoundedTagValues;
import dev.memleak.allocation.ExecutionCounts;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the allocation, duration and failure totals of every task name, with at most
 * {@code max-task-tags} distinct names plus fixed buckets.
 *
 * @author memleak
 */
public final class TaskAllocationRecorder implements ExecutionCounts {

	/**
	 * Bucket of tasks whose name the executor hides (a {@code FutureTask} from
	 * {@code submit}, a scheduled future) and that no {@code @Async} or
	 * {@code @Scheduled} method claimed.
	 */
	public static final String UNNAMED = "UNNAMED";

	/** Bucket of task names past {@code memleak.task.max-task-tags}. */
	public static final String OTHER = "OTHER";

	/** Prefix of the keys of {@link #executionCounts()}. */
	public static final String KEY_PREFIX = "task ";

	private static final Comparator<TaskAllocation> BY_ALLOCATION = Comparator
		.comparingLong(TaskAllocation::allocatedBytesTotal)
		.thenComparingLong(TaskAllocation::count)
		.reversed()
		.thenComparing(TaskAllocation::name);

	private final ConcurrentMap<String, TaskRecord> tasks = new ConcurrentHashMap<>();

	private final BoundedTagValues names;

	private final @Nullable MeterRegistry registry;

	private final int maxTasks;

	/**
	 * Create an instance.
	 * @param settings the settings: the most distinct task names kept
	 * @param registry where to register {@code memleak.task.allocated} and
	 * {@code memleak.task.duration}, or {@code null}
	 */
	public TaskAllocationRecorder(TaskSettings settings, @Nullable MeterRegistry registry) {
		this.names = new BoundedTagValues(settings.maxTaskTags(), OTHER, "memleak.task.max-task-tags");
		this.registry = registry;
		this.maxTasks = settings.maxTasks();
	}

	/**
	 * Create an instance.
	 * @param maxTaskTags the most distinct task names kept, at least 1
	 * @param registry where to register {@code memleak.task.allocated} and
	 * {@code memleak.task.executions}, or {@code null}
	 */
	public TaskAllocationRecorder(int maxTaskTags, @Nullable MeterRegistry registry) {
		this(new TaskSettings(maxTaskTags), registry);
	}

	/**
	 * Return the record of a task, creating it if needed.
	 * @param name the task name or one of the fixed buckets
	 * @return the task's record
	 */
	TaskRecord task(String name) {
		TaskRecord record = this.tasks.get(name);
		if (record == null) {
			String admitted = isBucket(name) ? name : this.names.admit(name);
			record = this.tasks.computeIfAbsent(admitted, (key) -> new TaskRecord(key, this.registry));
		}
		return record;
	}

	/**
	 * Return the tasks seen so far, the most allocating first.
	 * @return one entry per task name
	 */
	public List<TaskAllocation> tasks() {
		List<TaskAllocation> result = new ArrayList<>(this.tasks.size());
		for (TaskRecord record : this.tasks.values()) {
			result.add(record.allocation());
		}
		result.sort(BY_ALLOCATION);
		return result;
	}

	@Override
	public Map<String, Long> executionCounts() {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.tasks.forEach((name, record) -> counts.put(KEY_PREFIX + name, record.count()));
		return counts;
	}

	@Override
	public int maxWorkloads() {
		return this.maxTasks;
	}

	private static boolean isBucket(String name) {
		return UNNAMED.equals(name) || OTHER.equals(name);
	}

}
