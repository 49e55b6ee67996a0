package dev.memleak.snapshot;

import java.util.List;

/**
 * A parsed class histogram, cut down to the classes that take the most bytes.
 *
 * @param classes the largest classes by bytes, largest first
 * @param totalInstances instances of all classes
 * @param totalBytes bytes of all classes
 * @param classCount the number of classes in the full histogram
 * @author memleak
 */
public record ClassHistogram(List<ClassCount> classes, long totalInstances, long totalBytes, int classCount) {

	public ClassHistogram {
		classes = List.copyOf(classes);
	}

}
