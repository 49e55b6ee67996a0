package dev.memleak.task;

import java.util.concurrent.Callable;

import dev.memleak.task.TaskMonitor.Execution;

import org.springframework.core.task.TaskDecorator;

/**
 * {@link TaskDecorator} that measures every task an executor runs. memleak puts it in
 * front of an executor's own decorator, so that it runs innermost: it sees the task
 * itself (not another decorator's wrapper) and measures it inside whatever context the
 * other decorators set up. Decorating a task it already decorated returns it unchanged,
 * so it never measures a task twice.
 *
 * @author memleak
 */
public final class MeasuringTaskDecorator implements TaskDecorator {

	private final TaskMonitor monitor;

	/**
	 * Create an instance.
	 * @param monitor measures and records executions
	 */
	public MeasuringTaskDecorator(TaskMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		return (runnable instanceof MeasuredRunnable) ? runnable : new MeasuredRunnable(runnable, this.monitor);
	}

	/**
	 * Decorate a callable, for executors that are not Spring {@code TaskExecutor}s.
	 * @param <T> the result type
	 * @param callable the task
	 * @return the measured task
	 */
	<T> Callable<T> decorate(Callable<T> callable) {
		return (callable instanceof MeasuredCallable) ? callable : new MeasuredCallable<>(callable, this.monitor);
	}

	/**
	 * A measured runnable. Executors may run the same instance many times (periodic
	 * schedules), so it holds no state of an execution.
	 */
	private static final class MeasuredRunnable implements Runnable {

		private final Runnable task;

		private final TaskMonitor monitor;

		MeasuredRunnable(Runnable task, TaskMonitor monitor) {
			this.task = task;
			this.monitor = monitor;
		}

		@Override
		public void run() {
			Execution execution = this.monitor.beginTask(this.task);
			try {
				this.task.run();
			}
			catch (Throwable ex) {
				execution.markFailed();
				throw ex;
			}
			finally {
				this.monitor.end(execution);
			}
		}

		@Override
		public String toString() {
			return this.task.toString();
		}

	}

	/**
	 * A measured callable.
	 */
	private static final class MeasuredCallable<T> implements Callable<T> {

		private final Callable<T> task;

		private final TaskMonitor monitor;

		MeasuredCallable(Callable<T> task, TaskMonitor monitor) {
			this.task = task;
			this.monitor = monitor;
		}

		@Override
		public T call() throws Exception {
			Execution execution = this.monitor.beginTask(this.task);
			try {
				return this.task.call();
			}
			catch (Throwable ex) {
				execution.markFailed();
				throw ex;
			}
			finally {
				this.monitor.end(execution);
			}
		}

		@Override
		public String toString() {
			return this.task.toString();
		}

	}

}
