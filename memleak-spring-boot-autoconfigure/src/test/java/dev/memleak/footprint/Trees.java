package dev.memleak.footprint;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The recorded file trees and outputs under {@code src/test/resources/footprint}.
 *
 * @author memleak
 */
final class Trees {

	private Trees() {
	}

	static Path cgroup(String name) {
		return resource("/footprint/cgroup/" + name);
	}

	static Path nmt(String name) {
		return resource("/footprint/nmt/" + name);
	}

	private static Path resource(String name) {
		try {
			return Path.of(Trees.class.getResource(name).toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
