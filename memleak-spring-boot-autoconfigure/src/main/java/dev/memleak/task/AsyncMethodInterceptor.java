package dev.memleak.task;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import dev.memleak.task.TaskMonitor.Execution;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;

/**
 * Runs inside the task that Spring's {@code AsyncExecutionInterceptor} hands to the
 * executor, on the executor's thread: it names the execution after the {@code @Async}
 * method and marks it failed when the method throws or returns a failed future.
 *
 * @author memleak
 */
final class AsyncMethodInterceptor implements MethodInterceptor {

	private final TaskMonitor monitor;

	AsyncMethodInterceptor(TaskMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Class<?> type = (target != null) ? AopUtils.getTargetClass(target) : invocation.getMethod().getDeclaringClass();
		Execution execution = this.monitor.beginMethod(type, invocation.getMethod());
		try {
			Object result = invocation.proceed();
			if (hasFailed(result)) {
				execution.markFailed();
			}
			return result;
		}
		catch (Throwable ex) {
			execution.markFailed();
			throw ex;
		}
		finally {
			this.monitor.end(execution);
		}
	}

	// Only futures that are already done: AsyncExecutionInterceptor waits for the others
	// after this returns.
	private static boolean hasFailed(@Nullable Object result) {
		if (result instanceof CompletableFuture<?> future) {
			return future.isCompletedExceptionally();
		}
		if (result instanceof Future<?> future && future.isDone()) {
			try {
				future.get();
				return false;
			}
			catch (ExecutionException | CancellationException ex) {
				return true;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

}
