package dev.memleak.sites;

/**
 * One frame of an allocation stack.
 *
 * @param className the binary name of the frame's class, such as
 * {@code com.example.Foo$Bar}
 * @param method the method name
 * @param line the line number, or a negative number if unknown
 * @author memleak
 */
record Frame(String className, String method, int line) {

	/**
	 * Render the frame the way Java prints stack traces:
	 * {@code pkg.Class.method(File.java:NN)}. JFR does not record source file names, so
	 * the file is derived from the top-level class name, as {@code javac} names it.
	 * @return the rendered frame
	 */
	@Override
	public String toString() {
		String simpleName = this.className.substring(this.className.lastIndexOf('.') + 1);
		int nested = simpleName.indexOf('$');
		String file = ((nested > 0) ? simpleName.substring(0, nested) : simpleName) + ".java";
		return this.className + "." + this.method + "(" + file + ((this.line >= 0) ? ":" + this.line : "") + ")";
	}

}
