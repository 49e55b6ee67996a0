package dev.memleak.task;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import dev.memleak.core.FailureRecorder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Measures the tasks of executors the application defines itself. A Spring executor
 * ({@code ThreadPoolTaskExecutor}, {@code ThreadPoolTaskScheduler},
 * {@code SimpleAsyncTaskExecutor}, ...) gets memleak's decorator in front of its own,
 * which keeps running; executors built with Boot's builders already have it and are left
 * as they are. A plain {@code ExecutorService}, {@code ScheduledExecutorService} or
 * {@code Executor} bean is wrapped, but only if its bean definition declares it by that
 * interface and it implements no other, so that no injection point or type check that
 * expects more breaks.
 *
 * @author memleak
 */
public final class ExecutorDecoratingPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(ExecutorDecoratingPostProcessor.class);

	private final Supplier<MeasuringTaskDecorator> decorator;

	private final Supplier<FailureRecorder> failures;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	/**
	 * Create an instance; the suppliers are called only when the first executor bean is
	 * found, so that the meter registry is not created early.
	 * @param monitor supplies the task monitor
	 * @param failures supplies the failure recorder
	 */
	public ExecutorDecoratingPostProcessor(Supplier<TaskMonitor> monitor, Supplier<FailureRecorder> failures) {
		this.decorator = SingletonSupplier.of(() -> new MeasuringTaskDecorator(monitor.get()));
		this.failures = SingletonSupplier.of(failures);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		this.beanFactory = (beanFactory instanceof ConfigurableListableBeanFactory listable) ? listable : null;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof Executor executor) || bean instanceof MeasuredExecutor || AopUtils.isAopProxy(bean)) {
			return bean;
		}
		try {
			TaskDecoratorAccess access = TaskDecoratorAccess.of(bean.getClass());
			if (access != null) {
				access.addFirst(bean, this.decorator.get());
				return bean;
			}
			return wrap(executor, beanName);
		}
		catch (RuntimeException ex) {
			this.failures.get().record(TaskMonitor.COMPONENT, ex);
			return bean;
		}
	}

	private Executor wrap(Executor executor, String beanName) {
		Class<?> declared = declaredType(beanName);
		if (declared != null) {
			if (executor instanceof ScheduledExecutorService scheduled
					&& canWrap(executor, declared, MeasuredScheduledExecutorService.class)) {
				return new MeasuredScheduledExecutorService(scheduled, this.decorator.get());
			}
			if (executor instanceof ExecutorService service
					&& canWrap(executor, declared, MeasuredExecutorService.class)) {
				return new MeasuredExecutorService(service, this.decorator.get());
			}
			if (canWrap(executor, declared, MeasuredExecutor.class)) {
				return new MeasuredExecutor(executor, this.decorator.get());
			}
		}
		logger.info("memleak: the tasks of executor bean '" + beanName + "' (" + executor.getClass().getName()
				+ ") are not measured: declare the bean as ExecutorService, ScheduledExecutorService or Executor, "
				+ "or run its tasks through a Spring ThreadPoolTaskExecutor");
		return executor;
	}

	// Only if injection points see the bean through a type the wrapper has, and the
	// wrapper
	// hides no interface of the executor (a custom AsyncTaskExecutor keeps its own
	// submit).
	private static boolean canWrap(Executor executor, Class<?> declared, Class<?> wrapper) {
		if (!declared.isAssignableFrom(wrapper)) {
			return false;
		}
		for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(executor.getClass())) {
			if (!type.isAssignableFrom(wrapper)) {
				return false;
			}
		}
		return true;
	}

	// The type the bean definition declares (a @Bean method's return type), which is what
	// injection points were matched against; null for beans without a definition.
	private @Nullable Class<?> declaredType(String beanName) {
		ConfigurableListableBeanFactory factory = this.beanFactory;
		if (factory == null || !factory.containsBeanDefinition(beanName)) {
			return null;
		}
		return factory.getMergedBeanDefinition(beanName).getResolvableType().resolve();
	}

}
