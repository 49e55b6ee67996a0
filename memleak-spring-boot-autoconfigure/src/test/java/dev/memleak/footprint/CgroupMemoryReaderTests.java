package dev.memleak.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assumptions.assumeThat;

class CgroupMemoryReaderTests {

	private static final String PROCESS_API = "/process_api/0b93edb5fac3db0dda1b9fbaf1e0e197";

	@Test
	void v1WithoutLimitRecordedOnThisMachine() throws IOException {
		CgroupMemory memory = new CgroupMemoryReader(Trees.cgroup("v1-unlimited")).read();
		assertThat(memory.version()).isEqualTo("v1");
		assertThat(memory.path()).isEqualTo(PROCESS_API);
		assertThat(memory.usageBytes()).isEqualTo(108961792);
		// memory.limit_in_bytes is 9223372036854771712: no limit.
		assertThat(memory.limitBytes()).isNull();
		assertThat(memory.anonBytes()).isEqualTo(2015232);
		assertThat(memory.fileBytes()).isEqualTo(103895040);
		assertThat(memory.inactiveFileBytes()).isEqualTo(36601856);
		assertThat(memory.workingSetBytes()).isEqualTo(108961792 - 36601856);
		assertThat(memory.oomKills()).isZero();
		assertThat(memory.limitHits()).isZero();
	}

	@Test
	void v1WithALimitRecordedOnThisMachine() throws IOException {
		CgroupMemory memory = new CgroupMemoryReader(Trees.cgroup("v1-limited")).read();
		assertThat(memory.path()).isEqualTo(PROCESS_API + "/memleak-record");
		assertThat(memory.usageBytes()).isEqualTo(143679488);
		assertThat(memory.limitBytes()).isEqualTo(512L * 1024 * 1024);
		assertThat(memory.anonBytes()).isEqualTo(141578240);
		assertThat(memory.inactiveFileBytes()).isEqualTo(36864);
	}

	@Test
	void v1InDockerReadsTheMountRootWithOptionalMountFields() throws IOException {
		CgroupMemory memory = new CgroupMemoryReader(Trees.cgroup("v1-docker")).read();
		assertThat(memory.version()).isEqualTo("v1");
		assertThat(memory.path()).isEqualTo("/");
		assertThat(memory.limitBytes()).isEqualTo(1024L * 1024 * 1024);
		assertThat(memory.oomKills()).isEqualTo(2);
	}

	@Test
	void v2InAContainerWithItsOwnNamespace() throws IOException {
		CgroupMemory memory = new CgroupMemoryReader(Trees.cgroup("v2-container")).read();
		assertThat(memory.version()).isEqualTo("v2");
		assertThat(memory.usageBytes()).isEqualTo(367001600);
		assertThat(memory.limitBytes()).isEqualTo(805306368);
		assertThat(memory.anonBytes()).isEqualTo(318767104);
		assertThat(memory.fileBytes()).isEqualTo(41943040);
		assertThat(memory.workingSetBytes()).isEqualTo(367001600 - 29360128);
		assertThat(memory.oomKills()).isEqualTo(1);
		assertThat(memory.limitHits()).isEqualTo(17);
	}

	@Test
	void v2TakesTheLowestLimitOfTheCgroupAndItsParents() throws IOException {
		CgroupMemory memory = new CgroupMemoryReader(Trees.cgroup("v2-nested")).read();
		assertThat(memory.path()).endsWith("/kubepods-burstable-pod7d2b.slice/cri-containerd-9e31f0.scope");
		assertThat(memory.limitBytes()).isEqualTo(512L * 1024 * 1024);
		assertThat(memory.usageBytes()).isEqualTo(209715200);
		assertThat(memory.oomKills()).isNull();
	}

	@Test
	void v2WithoutTheMemoryControllerIsUnknown() {
		assertThatIOException().isThrownBy(() -> new CgroupMemoryReader(Trees.cgroup("v2-no-memory")).read())
			.withMessageContaining("has no memory controller");
	}

	@Test
	void noCgroupFilesIsUnknownEveryTime() {
		CgroupMemoryReader reader = new CgroupMemoryReader(Path.of("/nonexistent-root"));
		assertThatIOException().isThrownBy(reader::read);
		assertThatIOException().isThrownBy(reader::read);
	}

	@Test
	void thisMachinesOwnCgroup() throws IOException {
		Path cgroup = Path.of("/proc/self/cgroup");
		boolean inCgroup = Files.exists(cgroup) && (Files.readString(cgroup).contains(":memory:")
				|| Files.exists(Path.of("/sys/fs/cgroup/memory.current"))
				|| Files.readString(cgroup).startsWith("0::"));
		if (!inCgroup && "true".equals(System.getenv("CI"))) {
			throw new AssertionError("CI=true but this machine shows no memory cgroup");
		}
		assumeThat(inCgroup).as("this machine has a memory cgroup (skipped: not Linux or no cgroup)").isTrue();
		CgroupMemory memory = new CgroupMemoryReader(Path.of("/")).read();
		// What this process reads itself agrees with the files, read independently.
		String line = Files.readAllLines(cgroup)
			.stream()
			.filter((l) -> memory.version().equals("v1") ? l.contains(":memory:") : l.startsWith("0::"))
			.findFirst()
			.orElseThrow();
		String expectedPath = line.substring(line.indexOf(':', line.indexOf(':') + 1) + 1);
		assertThat(memory.path()).isIn(expectedPath, "/");
		assertThat(memory.usageBytes()).isPositive();
		// The test JVM's own heap is resident, so the cgroup holds at least that much.
		assertThat(memory.usageBytes()).isGreaterThan(Runtime.getRuntime().totalMemory() / 4);
		assertThat(memory.anonBytes()).isNotNull().isPositive();
	}

}
