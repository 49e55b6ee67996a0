package dev.memleak.snapshot;

/**
 * One line of a class histogram: how many instances of a class the heap held and how many
 * bytes they took (shallow size, not what they retain).
 *
 * @param className the JVM's name of the class, such as {@code java.lang.String},
 * {@code [B} or {@code com.example.Foo$$Lambda/0x0000000801234567}
 * @param instances the number of instances
 * @param bytes their shallow size in bytes
 * @author memleak
 */
public record ClassCount(String className, long instances, long bytes) {

	public ClassCount {
		if (className.isEmpty()) {
			throw new IllegalArgumentException("className must not be empty");
		}
		if (instances < 0 || bytes < 0) {
			throw new IllegalArgumentException("instances and bytes must not be negative");
		}
	}

}
