package dev.memleak.task;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Names tasks: {@code Class.method} for {@code @Async} and {@code @Scheduled} methods,
 * the simple class name for other tasks, and nothing for the wrappers that executors put
 * around a task, which hide it.
 *
 * @author memleak
 */
final class TaskNames {

	private static final String[] OPAQUE_PACKAGES = { "java.", "javax.", "jdk.", "sun.",
			"org.springframework.scheduling.", "org.springframework.core.task.", "org.springframework.aop." };

	private static final String LAMBDA_MARKER = "$$Lambda";

	private TaskNames() {
	}

	/**
	 * Return the name of a method run as a task.
	 * @param type the class the method was invoked on
	 * @param method the method
	 * @return {@code SimpleClassName.method}
	 */
	static String ofMethod(Class<?> type, Method method) {
		return className(ClassUtils.getUserClass(type)) + "." + method.getName();
	}

	/**
	 * Return the name of a task from its class, or {@code null} if the class is a wrapper
	 * of the JDK or of Spring that hides the real task ({@code FutureTask},
	 * {@code CompletableFuture} tasks, scheduled futures, Spring's error-handling and
	 * {@code @Async} wrappers).
	 * @param task the runnable or callable an executor was given
	 * @return the name, or {@code null} if the task is opaque
	 */
	static @Nullable String ofTask(Object task) {
		Class<?> type = ClassUtils.getUserClass(task.getClass());
		String typeName = type.getName();
		for (String opaque : OPAQUE_PACKAGES) {
			if (typeName.startsWith(opaque)) {
				return null;
			}
		}
		return className(type);
	}

	// The simple class name; anonymous classes keep their outer class (Outer$1), lambdas
	// become Outer.lambda, since the name of a lambda's hidden class changes from one JVM
	// run to the next.
	private static String className(Class<?> type) {
		String name = type.getName();
		int lambda = name.indexOf(LAMBDA_MARKER);
		if (lambda > 0) {
			return stripPackage(name.substring(0, lambda)) + ".lambda";
		}
		String simpleName = type.getSimpleName();
		return simpleName.isEmpty() ? stripPackage(name) : simpleName;
	}

	private static String stripPackage(String name) {
		return name.substring(name.lastIndexOf('.') + 1);
	}

}
