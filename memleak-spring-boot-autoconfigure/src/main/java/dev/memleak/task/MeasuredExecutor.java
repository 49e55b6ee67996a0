package dev.memleak.task;

import java.util.concurrent.Executor;

/**
 * An {@link Executor} bean of the application that measures every task it runs.
 *
 * @author memleak
 */
class MeasuredExecutor implements Executor {

	private final Executor delegate;

	final MeasuringTaskDecorator decorator;

	MeasuredExecutor(Executor delegate, MeasuringTaskDecorator decorator) {
		this.delegate = delegate;
		this.decorator = decorator;
	}

	@Override
	public void execute(Runnable command) {
		this.delegate.execute(this.decorator.decorate(command));
	}

	@Override
	public String toString() {
		return this.delegate + " (measured by memleak)";
	}

}
