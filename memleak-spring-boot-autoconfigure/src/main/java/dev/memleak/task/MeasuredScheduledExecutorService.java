package dev.memleak.task;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} bean of the application that measures every task it
 * runs; a periodic task is measured on each run.
 *
 * @author memleak
 */
class MeasuredScheduledExecutorService extends MeasuredExecutorService implements ScheduledExecutorService {

	private final ScheduledExecutorService delegate;

	MeasuredScheduledExecutorService(ScheduledExecutorService delegate, MeasuringTaskDecorator decorator) {
		super(delegate, decorator);
		this.delegate = delegate;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		return this.delegate.schedule(this.decorator.decorate(command), delay, unit);
	}

	@Override
	public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
		return this.delegate.schedule(this.decorator.decorate(callable), delay, unit);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
		return this.delegate.scheduleAtFixedRate(this.decorator.decorate(command), initialDelay, period, unit);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
		return this.delegate.scheduleWithFixedDelay(this.decorator.decorate(command), initialDelay, delay, unit);
	}

}
