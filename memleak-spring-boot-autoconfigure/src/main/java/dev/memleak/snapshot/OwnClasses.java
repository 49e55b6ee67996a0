package dev.memleak.snapshot;

import java.security.CodeSource;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Recognises memleak's own classes, which are never suspects: memleak's stores are
 * bounded by its properties, but they fill up over the first snapshots (the history fills
 * for {@code history-size} intervals), and that growth would otherwise be reported as a
 * leak of the tool itself.
 * <p>
 * A class is memleak's own when it comes from the same jar (code source) as memleak, so
 * an application whose packages happen to start with {@code dev.memleak} is still
 * watched.
 *
 * @author memleak
 */
final class OwnClasses {

	private static final String PACKAGE_PREFIX = "dev.memleak.";

	private static final @Nullable CodeSource OWN_SOURCE = codeSource(OwnClasses.class);

	private OwnClasses() {
	}

	/**
	 * Whether a class belongs to memleak itself.
	 * @param className the JVM's name of a class or array class
	 * @return {@code true} for memleak's classes and arrays of them
	 */
	static boolean isOwn(String className) {
		String name = elementName(className);
		if (!name.startsWith(PACKAGE_PREFIX) || OWN_SOURCE == null) {
			return false;
		}
		try {
			Class<?> type = Class.forName(name, false, OwnClasses.class.getClassLoader());
			return Objects.equals(codeSource(type), OWN_SOURCE);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			// Not loadable from here (a hidden class, another class loader): not ours.
			return false;
		}
	}

	private static String elementName(String className) {
		int dimensions = 0;
		while (dimensions < className.length() && className.charAt(dimensions) == '[') {
			dimensions++;
		}
		if (dimensions > 0 && className.startsWith("L", dimensions) && className.endsWith(";")) {
			return className.substring(dimensions + 1, className.length() - 1);
		}
		return className;
	}

	private static @Nullable CodeSource codeSource(Class<?> type) {
		return (type.getProtectionDomain() != null) ? type.getProtectionDomain().getCodeSource() : null;
	}

}
