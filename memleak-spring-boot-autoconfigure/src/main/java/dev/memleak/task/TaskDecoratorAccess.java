package dev.memleak.task;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.util.ReflectionUtils;

/**
 * Reads and replaces the {@link TaskDecorator} of a Spring executor
 * ({@code ThreadPoolTaskExecutor}, {@code ThreadPoolTaskScheduler},
 * {@code SimpleAsyncTaskExecutor}, {@code SimpleAsyncTaskScheduler},
 * {@code ConcurrentTaskExecutor}, {@code TaskExecutorAdapter}). Spring offers a setter
 * but no getter, and composing with the application's decorator needs to read it: the
 * private {@code taskDecorator} field, which every one of them has, is read reflectively.
 * If a future Spring renames it, the executor is left alone and the failure is counted,
 * rather than dropping the application's decorator.
 *
 * @author memleak
 */
final class TaskDecoratorAccess {

	private static final String FIELD = "taskDecorator";

	private final Field field;

	private final Method setter;

	private TaskDecoratorAccess(Field field, Method setter) {
		this.field = field;
		this.setter = setter;
	}

	/**
	 * Return the access to the decorator of an executor type, or {@code null} if the type
	 * has no {@code setTaskDecorator(TaskDecorator)} method.
	 * @param type the executor's class
	 * @return the access or {@code null}
	 * @throws IllegalStateException if the type has the setter but the field cannot be
	 * found
	 */
	static @Nullable TaskDecoratorAccess of(Class<?> type) {
		Method setter = ReflectionUtils.findMethod(type, "setTaskDecorator", TaskDecorator.class);
		if (setter == null) {
			return null;
		}
		Field field = ReflectionUtils.findField(type, FIELD, TaskDecorator.class);
		if (field == null) {
			throw new IllegalStateException("Cannot read the task decorator of " + type.getName() + " (no field '"
					+ FIELD + "'): its tasks are not measured");
		}
		ReflectionUtils.makeAccessible(field);
		return new TaskDecoratorAccess(field, setter);
	}

	/**
	 * Put a decorator in front of the executor's current one, unless it already has a
	 * decorator of the same type.
	 * @param executor the executor
	 * @param decorator the decorator to add; it runs first, innermost
	 * @return {@code true} if the executor was changed
	 */
	boolean addFirst(Object executor, TaskDecorator decorator) {
		TaskDecorator current = (TaskDecorator) ReflectionUtils.getField(this.field, executor);
		if (contains(current, decorator.getClass())) {
			return false;
		}
		TaskDecorator composed = (current != null) ? new CompositeTaskDecorator(List.of(decorator, current))
				: decorator;
		ReflectionUtils.invokeMethod(this.setter, executor, composed);
		return true;
	}

	// Whether Boot (or the application) already put a decorator of this type in, alone or
	// in a CompositeTaskDecorator. If the composite cannot be read, the answer is no: the
	// decorator ignores tasks it decorated itself, so a second one does not double count
	// as long as it runs first.
	private static boolean contains(@Nullable TaskDecorator decorator, Class<?> type) {
		if (decorator == null) {
			return false;
		}
		if (type.isInstance(decorator)) {
			return true;
		}
		if (decorator instanceof CompositeTaskDecorator composite) {
			Field field = ReflectionUtils.findField(CompositeTaskDecorator.class, "taskDecorators", List.class);
			if (field != null) {
				ReflectionUtils.makeAccessible(field);
				for (Object member : (List<?>) ReflectionUtils.getField(field, composite)) {
					if (member instanceof TaskDecorator nested && contains(nested, type)) {
						return true;
					}
				}
			}
		}
		return false;
	}

}
