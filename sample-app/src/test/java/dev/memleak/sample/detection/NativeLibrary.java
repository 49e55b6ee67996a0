package dev.memleak.sample.detection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the sample's JNI library (src/main/c/native_leak.c) with gcc, for the leak
 * Native Memory Tracking does not see.
 *
 * @author memleak
 */
final class NativeLibrary {

	private NativeLibrary() {
	}

	/**
	 * Build the library, or say why it cannot be built.
	 * @return the library, or {@code null} without gcc or JNI headers (a failure with
	 * {@code CI=true})
	 */
	static Path build() throws IOException, InterruptedException {
		Path include = Path.of(System.getProperty("java.home"), "include");
		Path library = Files.createDirectories(Path.of("target", "native")).resolve("libmemleaksample.so");
		List<String> command = List.of("gcc", "-shared", "-fPIC", "-O2", "-I" + include,
				"-I" + include.resolve("linux"), "-o", library.toString(),
				Path.of("src", "main", "c", "native_leak.c").toString());
		Process gcc;
		try {
			gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			return unavailable("gcc is not installed (" + ex.getMessage() + ")");
		}
		String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
			return unavailable("gcc failed: " + output);
		}
		return library.toAbsolutePath();
	}

	private static Path unavailable(String reason) {
		if ("true".equals(System.getenv("CI"))) {
			throw new IllegalStateException("CI=true but the JNI library cannot be built: " + reason);
		}
		System.err.println("*** SKIPPED: the native (JNI) leak scenario: " + reason + " ***");
		return null;
	}

}
