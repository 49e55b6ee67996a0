package dev.memleak.diagnosis;

/**
 * How the classes of lambdas and method references appear in allocation stacks. The
 * hidden class {@link Class#getName()} calls {@code Routes$$Lambda/0x1f} is
 * {@code Routes$$Lambda+0x1f.123456} in JDK Flight Recorder's stacks on JDK 17 and
 * {@code Routes$$Lambda.0x1f} on JDK 25; all are brought to {@code Routes$$Lambda/0x1f}.
 *
 * @author memleak
 */
final class LambdaFrames {

	private static final String LAMBDA = "$$Lambda";

	private LambdaFrames() {
	}

	/**
	 * Return the handler frame of a method of a class, lambdas included.
	 * @param type the class
	 * @param method the method name
	 * @return {@code pkg.Class.method}
	 */
	static String handlerOf(Class<?> type, String method) {
		return className(type.getName()) + "." + method;
	}

	/**
	 * Return the class name of a frame or of a class, the same for a lambda's hidden
	 * class whether JFR or {@link Class#getName()} gives it.
	 * @param name the class name
	 * @return the name, for a lambda {@code Outer$$Lambda/0x...}
	 */
	static String className(String name) {
		int lambda = name.indexOf(LAMBDA);
		int address = (lambda >= 0) ? name.indexOf("0x", lambda) : -1;
		if (address <= 0) {
			return name;
		}
		int end = address + 2;
		while (end < name.length() && Character.digit(name.charAt(end), 16) >= 0) {
			end++;
		}
		return name.substring(0, address - 1) + "/" + name.substring(address, end);
	}

}
