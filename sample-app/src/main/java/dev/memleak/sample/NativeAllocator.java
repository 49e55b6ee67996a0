package dev.memleak.sample;

import java.nio.file.Path;

/**
 * The JNI side of the native leak: {@code malloc} in a C library (src/main/c), which
 * Native Memory Tracking does not see.
 *
 * @author memleak
 */
final class NativeAllocator {

	private NativeAllocator() {
	}

	/**
	 * Load the library.
	 * @param library the path of libmemleaksample.so
	 */
	static void load(Path library) {
		System.load(library.toAbsolutePath().toString());
	}

	/**
	 * Allocate and touch memory that is never freed.
	 * @param bytes how much
	 * @return the address, 0 if malloc failed
	 */
	static native long allocate(long bytes);

}
