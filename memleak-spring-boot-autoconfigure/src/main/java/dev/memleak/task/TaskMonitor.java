package dev.memleak.task;

import java.lang.reflect.Method;

import dev.memleak.allocation.AllocationCounter;
import dev.memleak.allocation.AllocationReader;
import dev.memleak.allocation.UnmeasuredReason;
import dev.memleak.core.FailureRecorder;
import org.jspecify.annotations.Nullable;

/**
 * Measures task executions on the thread that runs them: the bytes the thread allocates,
 * the wall-clock duration and the outcome, recorded under the task's name when the
 * execution ends.
 * <p>
 * Executions nest on a thread. A decorator opens one around whatever an executor runs;
 * when that is an opaque wrapper (a {@code FutureTask}, a scheduled future), the
 * {@code @Async} or {@code @Scheduled} method that runs inside it <em>claims</em> the
 * execution and gives it its name, so it is recorded once. A method that finds no
 * execution to claim (its executor is not decorated) opens its own. Nothing here throws:
 * failures of memleak are counted in {@code memleak.errors{component="task"}}.
 *
 * @author memleak
 */
public final class TaskMonitor {

	static final String COMPONENT = "task";

	// Values of a counter reading that is not a byte count.

	private final ThreadLocal<Execution> current = new ThreadLocal<>();

	private final TaskAllocationRecorder recorder;

	private final AllocationReader allocation;

	private final FailureRecorder failures;

	/**
	 * Create an instance.
	 * @param recorder where executions are recorded
	 * @param counter reads the thread's allocation
	 * @param failures where memleak's own failures are counted
	 */
	public TaskMonitor(TaskAllocationRecorder recorder, AllocationCounter counter, FailureRecorder failures) {
		this.recorder = recorder;
		this.failures = failures;
		this.allocation = new AllocationReader(counter, (failure) -> failures.record(COMPONENT, failure));
	}

	/**
	 * Begin an execution of a task an executor was given; an opaque task stays open for a
	 * method to claim.
	 * @param task the runnable or callable
	 * @return the execution, to pass to {@link #end}
	 */
	Execution beginTask(Object task) {
		String name = TaskNames.ofTask(task);
		return begin(name, name == null);
	}

	/**
	 * Begin an execution of an {@code @Async} or {@code @Scheduled} method: claims the
	 * enclosing opaque execution if there is one, else opens a new one.
	 * @param type the class the method was invoked on
	 * @param method the method
	 * @return the execution, to pass to {@link #end}
	 */
	Execution beginMethod(Class<?> type, Method method) {
		String name = TaskNames.ofMethod(type, method);
		Execution enclosing = this.current.get();
		if (enclosing != null && enclosing.claimable) {
			enclosing.claim(name);
			return enclosing;
		}
		return begin(name, false);
	}

	/**
	 * Drop the enclosing opaque execution, if there is one: it is recorded by no one. For
	 * a {@code @Scheduled} method that is also {@code @Async}, whose run on the scheduler
	 * only hands the method to an executor, where it is measured.
	 */
	void discardEnclosing() {
		Execution enclosing = this.current.get();
		if (enclosing != null && enclosing.claimable) {
			enclosing.claimable = false;
			enclosing.discarded = true;
		}
	}

	/**
	 * End an execution: records it once its last holder ends it.
	 * @param execution what {@code begin} returned
	 */
	void end(Execution execution) {
		if (--execution.holders > 0) {
			return;
		}
		long allocated = this.allocation.since(execution.startBytes);
		long nanos = System.nanoTime() - execution.startNanos;
		if (execution.previous != null) {
			this.current.set(execution.previous);
		}
		else {
			this.current.remove();
		}
		if (execution.discarded) {
			return;
		}
		try {
			record(execution, allocated, nanos);
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.record(COMPONENT, ex);
		}
	}

	private Execution begin(@Nullable String name, boolean claimable) {
		Execution execution = new Execution(this.current.get(), name, claimable, this.allocation.read(),
				System.nanoTime());
		this.current.set(execution);
		return execution;
	}

	private void record(Execution execution, long allocated, long nanos) {
		String name = (execution.name != null) ? execution.name : TaskAllocationRecorder.UNNAMED;
		TaskRecord task = this.recorder.task(name);
		if (allocated >= 0) {
			task.recordMeasured(allocated, nanos, execution.failed);
		}
		else {
			UnmeasuredReason reason = this.allocation.whyUnmeasured(allocated);
			task.recordUnmeasured(reason, nanos, execution.failed);
		}
	}

	/**
	 * One execution in progress on the current thread; confined to that thread.
	 */
	static final class Execution {

		private final @Nullable Execution previous;

		private final long startBytes;

		private final long startNanos;

		private @Nullable String name;

		private boolean claimable;

		private boolean failed;

		private boolean discarded;

		private int holders = 1;

		private Execution(@Nullable Execution previous, @Nullable String name, boolean claimable, long startBytes,
				long startNanos) {
			this.previous = previous;
			this.name = name;
			this.claimable = claimable;
			this.startBytes = startBytes;
			this.startNanos = startNanos;
		}

		/**
		 * Mark the execution as failed; it is recorded with outcome FAILURE.
		 */
		void markFailed() {
			this.failed = true;
		}

		private void claim(String name) {
			this.name = name;
			this.claimable = false;
			this.holders++;
		}

	}

}
