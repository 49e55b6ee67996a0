package dev.memleak.task;

import dev.memleak.core.FailureRecorder;
import dev.memleak.task.TaskMonitor.Execution;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Observes every run of a {@code @Scheduled} method through the observation Spring starts
 * around it ({@code tasks.scheduled.execution}), on the thread that runs it: names the
 * execution after the method and marks it failed when the method throws. That observation
 * is the only place that knows the method: the scheduler's decorator sees a scheduled
 * future, and the exception never leaves Spring's error handler.
 *
 * @author memleak
 */
public final class ScheduledTaskObservationHandler implements ObservationHandler<ScheduledTaskObservationContext> {

	private final TaskMonitor monitor;

	private final FailureRecorder failures;

	/**
	 * Create an instance.
	 * @param monitor measures and records executions
	 * @param failures where memleak's own failures are counted
	 */
	public ScheduledTaskObservationHandler(TaskMonitor monitor, FailureRecorder failures) {
		this.monitor = monitor;
		this.failures = failures;
	}

	@Override
	public void onStart(ScheduledTaskObservationContext context) {
		try {
			if (isAsync(context)) {
				// The run only hands the method to an executor: measured there, once.
				this.monitor.discardEnclosing();
				return;
			}
			context.put(Execution.class, this.monitor.beginMethod(context.getTargetClass(), context.getMethod()));
		}
		catch (RuntimeException ex) {
			this.failures.record(TaskMonitor.COMPONENT, ex);
		}
	}

	@Override
	public void onError(ScheduledTaskObservationContext context) {
		Execution execution = context.get(Execution.class);
		if (execution != null) {
			execution.markFailed();
		}
	}

	@Override
	public void onStop(ScheduledTaskObservationContext context) {
		Execution execution = context.get(Execution.class);
		if (execution != null) {
			context.remove(Execution.class);
			this.monitor.end(execution);
		}
	}

	private static boolean isAsync(ScheduledTaskObservationContext context) {
		return AnnotatedElementUtils.hasAnnotation(context.getMethod(), Async.class)
				|| AnnotatedElementUtils.hasAnnotation(context.getTargetClass(), Async.class);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ScheduledTaskObservationContext;
	}

}
