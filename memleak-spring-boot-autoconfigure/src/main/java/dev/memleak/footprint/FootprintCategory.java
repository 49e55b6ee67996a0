package dev.memleak.footprint;

/**
 * What can grow outside the heap; each is judged on its own, with its own advice. The tag
 * values are the {@code category} of {@code memleak.footprint.suspected}.
 *
 * @author memleak
 */
public enum FootprintCategory {

	/** Direct byte buffers ({@code ByteBuffer.allocateDirect}). */
	DIRECT_BUFFERS("direct_buffers"),

	/** Memory-mapped files ({@code FileChannel.map}). */
	MAPPED_BUFFERS("mapped_buffers"),

	/** Threads: their number, per name pattern, and their stacks. */
	THREADS("threads"),

	/** Class metadata: loaded classes and the class loaders that hold them. */
	METASPACE("metaspace"),

	/** Compiled code. */
	CODE_CACHE("code_cache"),

	/**
	 * A Native Memory Tracking category none of the others explains, such as
	 * {@code Other} beyond direct buffers ({@code Unsafe.allocateMemory}) or
	 * {@code Internal}.
	 */
	NMT_OTHER("nmt_other"),

	/**
	 * Resident memory Native Memory Tracking does not know: native libraries (JNI) and
	 * the C allocator's own overhead (glibc arenas).
	 */
	UNTRACKED_NATIVE("untracked_native");

	private final String tag;

	FootprintCategory(String tag) {
		this.tag = tag;
	}

	/**
	 * Return the name used in the report and as a meter tag.
	 * @return the name, such as {@code direct_buffers}
	 */
	public String tag() {
		return this.tag;
	}

}
