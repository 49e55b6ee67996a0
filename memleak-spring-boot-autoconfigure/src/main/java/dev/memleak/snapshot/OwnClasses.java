package dev.memleak.snapshot;

import java.security.CodeSource;
import java.util.Objects;

import dev.memleak.core.OwnPackages;
import org.jspecify.annotations.Nullable;

/**
 * Recognises memleak's own classes, which are never suspects: memleak's stores are
 * bounded by its properties, but they fill up over the first snapshots (the history fills
 * for {@code history-size} intervals), and that growth would otherwise be reported as a
 * leak of the tool itself.
 * <p>
 * A class is memleak's own when it is in one of memleak's packages ({@link OwnPackages})
 * and comes from the same jar (code source) as memleak, so an application whose packages
 * happen to start with {@code dev.memleak} is still watched. A hidden class (a lambda
 * such as {@code dev.memleak.footprint.Foo$$Lambda/0x0000...}) cannot be loaded by name:
 * its host class ({@code dev.memleak.footprint.Foo}) decides.
 *
 * @author memleak
 */
final class OwnClasses {

	private static final @Nullable CodeSource OWN_SOURCE = codeSource(OwnClasses.class);

	private OwnClasses() {
	}

	/**
	 * Whether a class belongs to memleak itself.
	 * @param className the JVM's name of a class or array class
	 * @return {@code true} for memleak's classes and arrays of them
	 */
	static boolean isOwn(String className) {
		String name = hostName(elementName(className));
		if (!OwnPackages.contains(name) || OWN_SOURCE == null) {
			return false;
		}
		try {
			Class<?> type = Class.forName(name, false, OwnClasses.class.getClassLoader());
			return Objects.equals(codeSource(type), OWN_SOURCE);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			// Not loadable from here (another class loader): not ours.
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

	// Hidden classes are named after their host: Foo$$Lambda$12/0x... on JDK 17,
	// Foo$$Lambda/0x... on later JDKs.
	private static String hostName(String name) {
		int slash = name.indexOf('/');
		if (slash < 0) {
			return name;
		}
		int synthetic = name.indexOf("$$");
		return name.substring(0, (synthetic > 0 && synthetic < slash) ? synthetic : slash);
	}

	private static @Nullable CodeSource codeSource(Class<?> type) {
		return (type.getProtectionDomain() != null) ? type.getProtectionDomain().getCodeSource() : null;
	}

}
