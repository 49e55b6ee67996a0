package dev.memleak.sample.ops;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The repository's operations files and the command-line tools that check them. A missing
 * tool skips the check loudly on a developer's machine and fails it in CI
 * ({@code CI=true}), where a skipped check would hide a broken alert or dashboard.
 *
 * @author memleak
 */
final class OpsEnvironment {

	/**
	 * The tag of the checks whose subject is a file run through external tools (promtool,
	 * Prometheus, kubectl, node), not the JVM that runs them: the build runs them on JDK
	 * 17 only, not again on JDK 25 (sample-app/pom.xml; docs/scale.md gives the cost).
	 */
	static final String JVM_INDEPENDENT = "jvm-independent";

	/** How to install prometheus and promtool (Debian's package has both). */
	static final String PROMETHEUS_INSTALL = "apt-get install -y prometheus";

	/**
	 * How to install kubectl with kustomize v5 (Debian's kubernetes-client is too old).
	 */
	static final String KUBECTL_INSTALL = "apt-get install -y kubectl (from the Kubernetes or Google Cloud apt repository; "
			+ "Debian's kubernetes-client 1.20 is too old for kustomize v5)";

	/** How to install Node.js and npm. */
	static final String NODE_INSTALL = "apt-get install -y nodejs npm";

	private static final Path ROOT = findRepositoryRoot();

	private OpsEnvironment() {
	}

	/**
	 * Return a path in the repository.
	 * @param relative the path from the repository's root, such as {@code k8s/rules}
	 * @return the absolute path
	 */
	static Path repository(String relative) {
		return ROOT.resolve(relative);
	}

	/**
	 * Return whether this runs in CI, where missing tools fail instead of skipping.
	 * @return whether the environment variable {@code CI} is {@code true}
	 */
	static boolean isCi() {
		return "true".equalsIgnoreCase(System.getenv("CI"));
	}

	/**
	 * Return a tool found on the {@code PATH}, or skip (fail in CI) the calling test.
	 * @param name the executable, such as {@code promtool}
	 * @param install how to install it
	 * @return the executable
	 */
	static Path requireTool(String name, String install) {
		Optional<Path> tool = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, name))
			.filter(Files::isExecutable)
			.findFirst();
		if (tool.isEmpty()) {
			unavailable("'" + name + "' is not on the PATH; install it with: " + install);
		}
		return tool.orElseThrow();
	}

	/**
	 * Require the npm packages of one of the repository's Node.js checks, or skip (fail
	 * in CI) the calling test.
	 * @param project the folder with package.json and package-lock.json, such as
	 * {@code grafana/check}
	 * @return the project's folder
	 */
	static Path requireNodeProject(String project) {
		requireTool("node", NODE_INSTALL);
		Path directory = repository(project);
		if (!Files.isDirectory(directory.resolve("node_modules"))) {
			unavailable("the npm packages of " + project + " are not installed; run: npm ci --prefix " + project);
		}
		return directory;
	}

	/**
	 * Write text to a new file in a fresh temporary directory.
	 * @param name the file's name
	 * @param content its content
	 * @return the file
	 * @throws IOException if it cannot be written
	 */
	static Path writeTemporary(String name, String content) throws IOException {
		Path directory = Files.createTempDirectory("memleak-ops-");
		directory.toFile().deleteOnExit();
		Path file = directory.resolve(name);
		Files.writeString(file, content);
		file.toFile().deleteOnExit();
		return file;
	}

	private static void unavailable(String reason) {
		if (isCi()) {
			Assertions.fail(reason + " (CI=true: an operations check that cannot run fails the build)");
		}
		String message = "SKIPPED operations check: " + reason;
		System.err.println("*".repeat(message.length()));
		System.err.println(message);
		System.err.println("*".repeat(message.length()));
		Assumptions.abort(message);
	}

	private static Path findRepositoryRoot() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null) {
			if (Files.isRegularFile(directory.resolve("k8s/rules/memleak-alerts.rules.yml"))) {
				return directory;
			}
			directory = directory.getParent();
		}
		throw new IllegalStateException("No repository root (with k8s/rules) above " + Path.of("").toAbsolutePath());
	}

}
