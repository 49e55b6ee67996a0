package dev.memleak.sites;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.memleak.heap.Jdk17Child;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On JDK 17, JDK Flight Recorder's first start retransforms JDK classes and the JVM
 * discards all compiled code ("Marked all nmethods for deopt" in its log). These tests
 * run the auto-configured leak sites in a child JDK 17 ({@link Jdk17Child}) and check
 * when that happens: when the recording starts by default, at startup with
 * initialize-jfr-at-startup.
 */
class JfrInitializationTests {

	private static final String DISCARDED = "Marked all nmethods for deopt";

	private static final String STARTING = "warm; starting the recording";

	@TempDir
	Path directory;

	@Test
	void toldToInitializeJfrAtStartupStartingTheRecordingDiscardsNoCompiledCodeOnJdk17() throws Exception {
		List<String> out = run("memleak.sites.initialize-jfr-at-startup=true");
		assertThat(out).contains("started; jfr initialized true", "recording true");
		assertThat(out.subList(0, out.indexOf(STARTING))).anyMatch((line) -> line.contains(DISCARDED));
		assertThat(out.subList(out.indexOf(STARTING), out.size())).noneMatch((line) -> line.contains(DISCARDED));
	}

	@Test
	void byDefaultJfrIsNotStartedBeforeTheRecordingWhoseStartDiscardsAllCompiledCodeOnJdk17() throws Exception {
		List<String> out = run();
		assertThat(out).contains("started; jfr initialized false", "recording true");
		assertThat(out.subList(0, out.indexOf(STARTING))).noneMatch((line) -> line.contains(DISCARDED));
		assertThat(out.subList(out.indexOf(STARTING), out.size())).anyMatch((line) -> line.contains(DISCARDED));
	}

	private List<String> run(String... properties) throws IOException, InterruptedException {
		List<String> out = Jdk17Child.run(this.directory, List.of("-Xlog:redefine+class+nmethod=debug:stdout"),
				JfrInitializationProbe.class, properties);
		assertThat(out).as(out.toString()).contains(STARTING);
		return out;
	}

}
