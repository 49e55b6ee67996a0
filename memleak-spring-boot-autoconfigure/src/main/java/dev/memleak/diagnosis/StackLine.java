package dev.memleak.diagnosis;

import org.jspecify.annotations.Nullable;

/**
 * One frame of a rendered allocation stack, {@code pkg.Class.method(File.java:NN)}, as
 * leak sites render them.
 *
 * @param className the binary name of the frame's class
 * @param method the method name
 * @author memleak
 */
record StackLine(String className, String method) {

	private static final String LAMBDA_BODY = "lambda$";

	/**
	 * Parse a rendered frame.
	 * @param line a line of a leak site's stack trace
	 * @return the frame, or {@code null} for a folded line ({@code ... 3 more})
	 */
	static @Nullable StackLine parse(String line) {
		if (line.startsWith("...")) {
			return null;
		}
		int parenthesis = line.indexOf('(');
		String qualified = (parenthesis >= 0) ? line.substring(0, parenthesis) : line;
		int dot = qualified.lastIndexOf('.');
		if (dot <= 0 || dot == qualified.length() - 1) {
			return null;
		}
		return new StackLine(qualified.substring(0, dot), qualified.substring(dot + 1));
	}

	/**
	 * Return the class and method, {@code pkg.Class.method}; a lambda's hidden class as
	 * {@link LambdaFrames} names it.
	 * @return the qualified method name
	 */
	String qualifiedMethod() {
		return LambdaFrames.className(this.className) + "." + this.method;
	}

	/**
	 * Return the method a lambda's body belongs to: javac names the body of a lambda in
	 * {@code handle} {@code lambda$handle$0}.
	 * @return {@code pkg.Class.handle} for a lambda's body, else {@code null}
	 */
	@Nullable String enclosingMethod() {
		if (!this.method.startsWith(LAMBDA_BODY)) {
			return null;
		}
		int end = this.method.indexOf('$', LAMBDA_BODY.length());
		return (end > LAMBDA_BODY.length()) ? this.className + "." + this.method.substring(LAMBDA_BODY.length(), end)
				: null;
	}

	/**
	 * Return the class name without its package, and for a nested class without its
	 * enclosing classes, as {@link Class#getSimpleName()} gives it: {@code Outer$Inner}
	 * gives {@code Inner}; an anonymous class ({@code Outer$1}) keeps its binary name.
	 * @return the simple name
	 */
	String simpleClassName() {
		String name = this.className.substring(this.className.lastIndexOf('.') + 1);
		int nested = name.lastIndexOf('$');
		if (nested < 0 || nested == name.length() - 1) {
			return name;
		}
		String inner = name.substring(nested + 1);
		return Character.isDigit(inner.charAt(0)) ? name : inner;
	}

	/**
	 * Return the top-level class of the frame's class: {@code pkg.Outer} for
	 * {@code pkg.Outer$Inner}.
	 * @return the top-level class name
	 */
	String topLevelClassName() {
		return topLevel(this.className);
	}

	static String topLevel(String className) {
		int nested = className.indexOf('$');
		return (nested > 0) ? className.substring(0, nested) : className;
	}

}
