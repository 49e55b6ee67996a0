package dev.memleak.task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;

import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.scheduling.support.DelegatingErrorHandlingRunnable;
import org.springframework.scheduling.support.TaskUtils;

import static org.assertj.core.api.Assertions.assertThat;

class TaskNamesTests {

	@Test
	void methodIsNamedAfterItsClassAndName() throws Exception {
		assertThat(TaskNames.ofMethod(Jobs.class, Jobs.class.getMethod("rollup"))).isEqualTo("Jobs.rollup");
	}

	@Test
	void methodOfACglibProxyIsNamedAfterTheUserClass() throws Exception {
		ProxyFactory factory = new ProxyFactory(new Jobs());
		factory.setProxyTargetClass(true);
		Class<?> proxyClass = factory.getProxy().getClass();
		assertThat(proxyClass.getName()).contains("$$SpringCGLIB$$");
		assertThat(TaskNames.ofMethod(proxyClass, Jobs.class.getMethod("rollup"))).isEqualTo("Jobs.rollup");
	}

	@Test
	void taskIsNamedAfterItsSimpleClassName() {
		assertThat(TaskNames.ofTask(new Jobs())).isEqualTo("Jobs");
	}

	@Test
	void lambdaIsNamedAfterTheClassThatDefinesIt() {
		Runnable lambda = () -> {
		};
		assertThat(TaskNames.ofTask(lambda)).isEqualTo("TaskNamesTests.lambda");
	}

	@Test
	void anonymousClassKeepsItsOuterClass() {
		Runnable anonymous = new Runnable() {

			@Override
			public void run() {
			}

		};
		assertThat(TaskNames.ofTask(anonymous)).isEqualTo("TaskNamesTests$1");
	}

	@Test
	void wrappersThatHideTheTaskHaveNoName() {
		Runnable task = () -> {
		};
		assertThat(TaskNames.ofTask(new FutureTask<>(task, null))).isNull();
		assertThat(TaskNames.ofTask(TaskUtils.decorateTaskWithErrorHandler(task, null, true))).isNull();
		assertThat(
				TaskNames.ofTask(new DelegatingErrorHandlingRunnable(task, TaskUtils.LOG_AND_SUPPRESS_ERROR_HANDLER)))
			.isNull();
		CompletableFuture<Object> future = new CompletableFuture<>();
		assertThat(TaskNames.ofTask(future)).isNull();
	}

	static class Jobs implements Runnable {

		public void rollup() {
		}

		@Override
		public void run() {
		}

	}

}
