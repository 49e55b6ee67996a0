package dev.memleak.task;

import java.util.function.Supplier;

import dev.memleak.core.FailureRecorder;

import org.springframework.aop.Advisor;
import org.springframework.aop.PointcutAdvisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.interceptor.AsyncExecutionInterceptor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.function.SingletonSupplier;

/**
 * Adds memleak's {@link AsyncMethodInterceptor} to the proxy of every bean with
 * {@code @Async} methods, right after Spring's {@code AsyncExecutionInterceptor}, with
 * the same pointcut. Spring calls the advice that follows the async interceptor from
 * inside the task on the executor's thread, so memleak learns the method's name there,
 * whatever the executor wraps the task in.
 * <p>
 * It does not implement {@code Ordered}, so Spring runs it after the ordered
 * {@code AsyncAnnotationBeanPostProcessor} that creates the proxies. Beans without such a
 * proxy (AspectJ mode, frozen proxies) are left alone: their tasks are still measured by
 * the executor's decorator, without the method's name.
 *
 * @author memleak
 */
public final class AsyncMethodAdvisingPostProcessor implements BeanPostProcessor {

	private final Supplier<AsyncMethodInterceptor> interceptor;

	private final Supplier<FailureRecorder> failures;

	/**
	 * Create an instance; the suppliers are called only when the first {@code @Async}
	 * bean is found, so that the meter registry is not created early.
	 * @param monitor supplies the task monitor
	 * @param failures supplies the failure recorder
	 */
	public AsyncMethodAdvisingPostProcessor(Supplier<TaskMonitor> monitor, Supplier<FailureRecorder> failures) {
		this.interceptor = SingletonSupplier.of(() -> new AsyncMethodInterceptor(monitor.get()));
		this.failures = SingletonSupplier.of(failures);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof Advised advised && !advised.isFrozen()) {
			try {
				addInterceptor(advised);
			}
			catch (RuntimeException ex) {
				this.failures.get().record(TaskMonitor.COMPONENT, ex);
			}
		}
		return bean;
	}

	private void addInterceptor(Advised advised) {
		Advisor[] advisors = advised.getAdvisors();
		for (int i = 0; i < advisors.length; i++) {
			if (advisors[i].getAdvice() instanceof AsyncMethodInterceptor) {
				return;
			}
		}
		for (int i = 0; i < advisors.length; i++) {
			if (advisors[i] instanceof PointcutAdvisor async
					&& async.getAdvice() instanceof AsyncExecutionInterceptor) {
				advised.addAdvisor(i + 1, new DefaultPointcutAdvisor(async.getPointcut(), this.interceptor.get()));
				return;
			}
		}
	}

}
