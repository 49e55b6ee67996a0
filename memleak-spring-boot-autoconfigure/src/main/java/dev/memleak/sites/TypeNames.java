package dev.memleak.sites;

/**
 * Turns JVM type names ({@code [B}, {@code [[Ljava.lang.String;}) into the names Java
 * source uses ({@code byte[]}, {@code java.lang.String[][]}).
 *
 * @author memleak
 */
public final class TypeNames {

	private TypeNames() {
	}

	/**
	 * Return the name Java source uses for a type.
	 * @param jvmName the JVM's name, as class histograms and JFR give it
	 * @return the readable name; non-array names are returned as they are
	 */
	public static String readable(String jvmName) {
		int dimensions = 0;
		while (dimensions < jvmName.length() && jvmName.charAt(dimensions) == '[') {
			dimensions++;
		}
		if (dimensions == 0) {
			return jvmName;
		}
		String element = jvmName.substring(dimensions);
		String base = switch (element) {
			case "B" -> "byte";
			case "C" -> "char";
			case "S" -> "short";
			case "I" -> "int";
			case "J" -> "long";
			case "F" -> "float";
			case "D" -> "double";
			case "Z" -> "boolean";
			default -> (element.startsWith("L") && element.endsWith(";")) ? element.substring(1, element.length() - 1)
					: element;
		};
		return base + "[]".repeat(dimensions);
	}

}
