package dev.memleak.snapshot;

import java.util.List;
import java.util.Set;

/**
 * Recognises general-purpose classes that grow on behalf of other classes: primitive
 * arrays, {@code String}, boxed values, {@code Object[]} and the internals of the JDK's
 * collections. When one of them grows, the question is who holds it, so such suspects are
 * ranked after the application's own classes and explained by the classes that grow with
 * them.
 *
 * @author memleak
 */
final class GenericClasses {

	private static final Set<String> NAMES = Set.of("java.lang.Object", "java.lang.String", "java.lang.StringBuilder",
			"java.lang.StringBuffer", "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short",
			"java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.math.BigInteger",
			"java.math.BigDecimal", "java.lang.ref.WeakReference", "java.lang.ref.SoftReference",
			"java.lang.ref.Finalizer", "java.util.ArrayList", "java.util.LinkedList", "java.util.LinkedList$Node",
			"java.util.ArrayDeque", "java.util.Vector", "java.util.PriorityQueue", "java.util.HashMap",
			"java.util.HashMap$Node", "java.util.HashMap$TreeNode", "java.util.LinkedHashMap",
			"java.util.LinkedHashMap$Entry", "java.util.TreeMap", "java.util.TreeMap$Entry", "java.util.HashSet",
			"java.util.LinkedHashSet", "java.util.TreeSet", "java.util.IdentityHashMap", "java.util.WeakHashMap",
			"java.util.WeakHashMap$Entry", "java.util.Hashtable", "java.util.Hashtable$Entry",
			"java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentHashMap$Node",
			"java.util.concurrent.ConcurrentHashMap$TreeNode", "java.util.concurrent.ConcurrentLinkedQueue",
			"java.util.concurrent.ConcurrentLinkedQueue$Node", "java.util.concurrent.ConcurrentLinkedDeque$Node",
			"java.util.concurrent.ConcurrentSkipListMap$Node", "java.util.concurrent.ConcurrentSkipListMap$Index",
			"java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.LinkedBlockingQueue$Node",
			"java.util.concurrent.LinkedBlockingDeque$Node");

	private static final String PRIMITIVE_DESCRIPTORS = "BCDFIJSZ";

	private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

	private GenericClasses() {
	}

	/**
	 * Whether a class is a general-purpose one.
	 * @param className the JVM's name, such as {@code [B} or {@code java.lang.String}
	 * @return {@code true} for primitive arrays, arrays of generic classes and generic
	 * classes
	 */
	static boolean isGeneric(String className) {
		int dimensions = 0;
		while (dimensions < className.length() && className.charAt(dimensions) == '[') {
			dimensions++;
		}
		if (dimensions == 0) {
			return isGenericClass(className);
		}
		String element = className.substring(dimensions);
		if (element.length() == 1) {
			return PRIMITIVE_DESCRIPTORS.indexOf(element.charAt(0)) >= 0;
		}
		if (element.startsWith("L") && element.endsWith(";")) {
			return isGenericClass(element.substring(1, element.length() - 1));
		}
		return false;
	}

	/**
	 * Whether a class is the JDK's own (its internals grow alongside any application, as
	 * the JIT's lambda forms do while it warms up).
	 * @param className the JVM's name
	 * @return {@code true} for classes in {@code java.}, {@code javax.}, {@code jdk.},
	 * {@code sun.} and {@code com.sun.}
	 */
	static boolean isJdk(String className) {
		for (String prefix : JDK_PACKAGES) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isGenericClass(String name) {
		return NAMES.contains(name) || name.startsWith("java.util.ImmutableCollections$")
				|| name.startsWith("java.util.Collections$");
	}

}
