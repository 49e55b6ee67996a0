package dev.memleak.sample.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool run to completion, with its exit code and its output (standard
 * output and error merged).
 *
 * @param command the command line
 * @param exitCode the exit code
 * @param output what it printed
 * @author memleak
 */
record Command(List<String> command, int exitCode, String output) {

	Command {
		command = List.copyOf(command);
	}

	/**
	 * Run a command and wait for it.
	 * @param directory the working directory
	 * @param timeout how long it may take before it is killed and this fails
	 * @param command the command line
	 * @return the finished command
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted while waiting
	 */
	static Command run(Path directory, Duration timeout, String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		process.getOutputStream().close();
		// Read while the process runs, so that a full pipe never blocks it.
		StringBuilder output = new StringBuilder();
		Thread reader = new Thread(() -> {
			try {
				output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				output.append("(output lost: ").append(ex).append(')');
			}
		}, "memleak-ops-output");
		reader.setDaemon(true);
		reader.start();
		if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			reader.join(1000);
			throw new IllegalStateException(
					String.join(" ", command) + " did not finish within " + timeout + "; output so far:\n" + output);
		}
		// A child the command left running may hold the output open: read no longer than
		// the command may take.
		reader.join(timeout.toMillis());
		return new Command(List.of(command), process.exitValue(), output.toString());
	}

	/**
	 * Return whether the command exited with 0.
	 * @return whether it succeeded
	 */
	boolean isSuccess() {
		return this.exitCode == 0;
	}

	@Override
	public String toString() {
		return String.join(" ", this.command) + " exited with " + this.exitCode + ":\n" + this.output;
	}

}
