package dev.memleak.core;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OwnPackagesTests {

	@Test
	void thePrefixesAreExactlyThePackagesOfMemleaksJar() throws IOException, URISyntaxException {
		Path location = Path.of(OwnPackages.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		if (Files.isDirectory(location)) {
			assertThat(OwnPackages.PREFIXES).containsExactlyInAnyOrderElementsOf(packages(location));
		}
		else {
			try (FileSystem jar = FileSystems.newFileSystem(location)) {
				assertThat(OwnPackages.PREFIXES).containsExactlyInAnyOrderElementsOf(packages(jar.getPath("/")));
			}
		}
	}

	@Test
	void memleaksOwnClassesAndLambdasAreContainedButTheSampleAndTestApplicationsAreNot() {
		assertThat(OwnPackages.contains("dev.memleak.heap.UpperBound")).isTrue();
		assertThat(OwnPackages.contains("dev.memleak.escalation.Escalation")).isTrue();
		assertThat(OwnPackages.contains("dev.memleak.footprint.FootprintMonitor$$Lambda/0x0000000801234567")).isTrue();
		assertThat(OwnPackages.contains("dev.memleak.diagnosis.LeakDiagnostician")).isTrue();
		assertThat(OwnPackages.contains("dev.memleak.sample.AuditLog$AuditEntry")).isFalse();
		assertThat(OwnPackages.contains("dev.memleak.webflux.AuditLedger")).isFalse();
		assertThat(OwnPackages.contains("dev.memleak.browser.BrowserPage")).isFalse();
		assertThat(OwnPackages.contains("dev.memleak.heapdump.Foo")).isFalse();
	}

	@Test
	void frameworkPackagesComeFirstAndMemleaksAreAddedOnce() {
		assertThat(OwnPackages.withFrameworkPackages(List.of("com.acme.", "dev.memleak.heap.")))
			.startsWith("com.acme.", "dev.memleak.heap.")
			.containsAll(OwnPackages.PREFIXES)
			.doesNotHaveDuplicates();
	}

	private static List<String> packages(Path root) throws IOException {
		try (Stream<Path> children = Files.list(root.resolve("dev").resolve("memleak"))) {
			return children.filter(Files::isDirectory)
				.map((child) -> "dev.memleak." + child.getFileName().toString().replace("/", "") + ".")
				.toList();
		}
	}

}
