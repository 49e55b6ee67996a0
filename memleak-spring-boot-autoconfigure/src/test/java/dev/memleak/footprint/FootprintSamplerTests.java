package dev.memleak.footprint;

import java.nio.file.Path;
import java.time.Clock;

import dev.memleak.core.FailureRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class FootprintSamplerTests {

	@Test
	void anAbsentSourceIsNotedInEverySampleLoggedOnceAndNeverAFailure(CapturedOutput output) {
		Path nowhere = Path.of("/nonexistent-root");
		FailureRecorder failures = new FailureRecorder(null);
		FootprintSampler sampler = new FootprintSampler(new FootprintSampler.Readers(new CgroupMemoryReader(nowhere),
				new ProcessMemoryReader(nowhere), null, new JvmMemoryReader(), new ThreadCensusReader(20)), failures,
				Clock.systemUTC());
		for (int i = 0; i < 3; i++) {
			FootprintSample sample = sampler.sample();
			assertThat(sample.container()).isNull();
			assertThat(sample.process()).isNull();
			assertThat(sample.threads().threads()).isPositive();
			assertThat(sample.unavailable()).hasSize(2)
				.anyMatch((note) -> note.startsWith("Container memory is unknown"))
				.anyMatch((note) -> note.startsWith("Process memory is unknown"));
		}
		assertThat(output.getAll().split("memleak: Container memory is unknown", -1)).hasSize(2);
		assertThat(output.getAll().split("memleak: Process memory is unknown", -1)).hasSize(2);
		assertThat(failures.counts()).isEmpty();
	}

}
