package dev.memleak.sites;

import java.io.InputStream;
import java.util.List;

import com.jayway.jsonpath.JsonPath;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StackFoldingTests {

	private final StackFolding folding = new StackFolding(StackFolding.DEFAULT_FRAMEWORK_PACKAGES, 4);

	@Test
	void framesAreRenderedLikeJavaStackTraces() {
		assertThat(new Frame("com.example.Orders", "add", 42)).hasToString("com.example.Orders.add(Orders.java:42)");
		assertThat(new Frame("com.example.Orders$Line", "<init>", 7))
			.hasToString("com.example.Orders$Line.<init>(Orders.java:7)");
		assertThat(new Frame("Top", "run", -1)).hasToString("Top.run(Top.java)");
	}

	@Test
	void applicationFramesComeFirstAndFrameworkRunsAreFolded() {
		List<Frame> stack = List.of(new Frame("com.example.AuditLog", "recordLookup", 27),
				new Frame("com.example.OwnerController", "owner", 28),
				new Frame("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", 103),
				new Frame("java.lang.reflect.Method", "invoke", 580),
				new Frame("org.springframework.web.method.support.InvocableHandlerMethod", "doInvoke", 258),
				new Frame("dev.memleak.request.RequestMemoryFilter", "doFilterInternal", 80),
				new Frame("org.apache.catalina.core.ApplicationFilterChain", "doFilter", 140),
				new Frame("java.lang.Thread", "run", 1583));
		StackFolding.Folded folded = this.folding.fold(stack);
		assertThat(folded.lines()).containsExactly("com.example.AuditLog.recordLookup(AuditLog.java:27)",
				"com.example.OwnerController.owner(OwnerController.java:28)", "... 6 more");
		assertThat(folded.key()).containsExactly("com.example.AuditLog.recordLookup(AuditLog.java:27)",
				"com.example.OwnerController.owner(OwnerController.java:28)");
		assertThat(folded.applicationFrame()).isEqualTo("com.example.AuditLog.recordLookup(AuditLog.java:27)");
	}

	@Test
	void junitAndPrometheusClientFramesAreFrameworkFrames() {
		List<Frame> stack = List.of(new Frame("io.prometheus.metrics.model.snapshots.Labels", "of", 90),
				new Frame("com.example.Metrics", "record", 12),
				new Frame("org.junit.platform.engine.support.hierarchical.NodeTestTask", "execute", 151),
				new Frame("java.lang.Thread", "run", 1583));
		StackFolding.Folded folded = this.folding.fold(stack);
		assertThat(folded.applicationFrame()).isEqualTo("com.example.Metrics.record(Metrics.java:12)");
		// The allocating frame is kept; the JUnit frames below the application's are
		// folded.
		assertThat(folded.key()).containsExactly("io.prometheus.metrics.model.snapshots.Labels.of(Labels.java:90)",
				"com.example.Metrics.record(Metrics.java:12)");
	}

	@Test
	void theAllocatingFrameIsKeptEvenInTheJdkAndFrameworkRunsBetweenApplicationFramesAreFolded() {
		List<Frame> stack = List.of(new Frame("java.util.Arrays", "copyOf", 3512),
				new Frame("java.util.ArrayList", "grow", 237), new Frame("java.util.ArrayList", "add", 455),
				new Frame("com.example.Cache", "put", 12),
				new Frame("org.springframework.aop.framework.ReflectiveMethodInvocation", "proceed", 184),
				new Frame("com.example.Service", "handle", 30), new Frame("java.lang.Thread", "run", 1583));
		StackFolding.Folded folded = this.folding.fold(stack);
		assertThat(folded.lines()).containsExactly("java.util.Arrays.copyOf(Arrays.java:3512)",
				"... 2 framework frames (java.util)", "com.example.Cache.put(Cache.java:12)",
				"... 1 framework frame (org.springframework)", "com.example.Service.handle(Service.java:30)",
				"... 1 more");
		assertThat(folded.key()).containsExactly("java.util.Arrays.copyOf(Arrays.java:3512)",
				"com.example.Cache.put(Cache.java:12)", "com.example.Service.handle(Service.java:30)");
		assertThat(folded.applicationFrame()).isEqualTo("com.example.Cache.put(Cache.java:12)");
	}

	@Test
	void theFirstApplicationFrameIsFoundPastTheKeptFrames() {
		StackFolding oneFrame = new StackFolding(StackFolding.DEFAULT_FRAMEWORK_PACKAGES, 1);
		StackFolding.Folded folded = oneFrame.fold(List.of(new Frame("java.util.Arrays", "copyOf", 3512),
				new Frame("java.util.ArrayList", "grow", 237), new Frame("com.example.Cache", "put", 12)));
		assertThat(folded.lines()).containsExactly("java.util.Arrays.copyOf(Arrays.java:3512)", "... 2 more");
		assertThat(folded.applicationFrame()).isEqualTo("com.example.Cache.put(Cache.java:12)");
	}

	@Test
	void keyIgnoresTheFrameworkPathBetweenTheSameApplicationFrames() {
		Frame top = new Frame("com.example.Cache", "put", 12);
		Frame caller = new Frame("com.example.Service", "handle", 30);
		StackFolding.Folded viaProxy = this.folding
			.fold(List.of(top, new Frame("org.springframework.aop.Foo", "invoke", 1), caller));
		StackFolding.Folded direct = this.folding.fold(List.of(top, caller));
		assertThat(viaProxy.key()).isEqualTo(direct.key());
		assertThat(viaProxy.lines()).isNotEqualTo(direct.lines());
	}

	@Test
	void atMostMaxFramesAreKept() {
		List<Frame> stack = List.of(new Frame("a.A", "one", 1), new Frame("a.A", "two", 2),
				new Frame("a.A", "three", 3), new Frame("a.A", "four", 4), new Frame("a.A", "five", 5),
				new Frame("a.A", "six", 6));
		assertThat(this.folding.fold(stack).lines()).containsExactly("a.A.one(A.java:1)", "a.A.two(A.java:2)",
				"a.A.three(A.java:3)", "a.A.four(A.java:4)", "... 2 more");
	}

	@Test
	void aStackOfFrameworkFramesOnlyKeepsItsTopFramesUnfolded() {
		List<Frame> stack = List.of(new Frame("java.util.concurrent.ConcurrentHashMap", "putVal", 1012),
				new Frame("org.apache.catalina.Foo", "bar", 1), new Frame("org.apache.tomcat.Baz", "qux", 2),
				new Frame("java.lang.Thread", "run", 1583), new Frame("java.lang.Thread", "runWith", 1596));
		assertThat(this.folding.fold(stack).lines()).containsExactly(
				"java.util.concurrent.ConcurrentHashMap.putVal(ConcurrentHashMap.java:1012)",
				"org.apache.catalina.Foo.bar(Foo.java:1)", "org.apache.tomcat.Baz.qux(Baz.java:2)",
				"java.lang.Thread.run(Thread.java:1583)", "... 1 more");
		assertThat(this.folding.fold(stack).applicationFrame()).isNull();
	}

	@Test
	void memleaksOwnFramesAreFoldedButAnApplicationInADevMemleakPackageIsNot() {
		assertThat(this.folding.isFramework(new Frame("dev.memleak.request.RequestMemoryFilter", "doFilter", 1)))
			.isTrue();
		assertThat(this.folding.isFramework(new Frame("dev.memleak.sample.AuditLog", "recordLookup", 1))).isFalse();
		assertThat(this.folding.isFramework(new Frame("dev.memleak.webflux.AuditLedger", "record", 1))).isFalse();
		for (String own : List.of("dev.memleak.heap.UpperBound", "dev.memleak.escalation.Escalation",
				"dev.memleak.footprint.FootprintMonitor$$Lambda.0x0000000801234567",
				"dev.memleak.diagnosis.LeakDiagnostician")) {
			assertThat(this.folding.isFramework(new Frame(own, "run", 1))).as(own).isTrue();
		}
	}

	@Test
	void memleaksOwnFramesStayFoldedWhenTheFrameworkPackagesAreReplaced() {
		StackFolding replaced = new StackFolding(List.of("java."), 4);
		assertThat(replaced.isFramework(new Frame("dev.memleak.escalation.Escalation", "run", 1))).isTrue();
		assertThat(replaced.isFramework(new Frame("org.springframework.Foo", "bar", 1))).isFalse();
	}

	@Test
	void memleaksOwnAllocationsAreRecognisedUnlessAnApplicationFrameIsOnTheStack() {
		Frame own = new Frame("dev.memleak.snapshot.ClassHistogramSnapshotter", "takeSnapshot", 93);
		Frame jdk = new Frame("java.time.Instant", "create", 415);
		Frame thread = new Frame("java.lang.Thread", "run", 1583);
		assertThat(this.folding.isOwn(List.of(jdk, own, thread))).isTrue();
		assertThat(this.folding.isOwn(List.of(jdk, new Frame("com.example.Orders", "add", 1),
				new Frame("dev.memleak.request.RequestMemoryFilter", "doFilter", 1), thread)))
			.isFalse();
		assertThat(this.folding.isOwn(List.of(jdk, thread))).isFalse();
		// Seen in the sample app under load: the live-set bound, allocated by the
		// escalation's and the footprint's scheduled work.
		assertThat(this.folding.isOwn(List.of(new Frame("dev.memleak.heap.UpperBound", "<init>", 40),
				new Frame("dev.memleak.escalation.EscalationTriggers", "evaluate", 174),
				new Frame("dev.memleak.footprint.FootprintMonitor$$Lambda.0x0000000801234567", "run", -1),
				new Frame("java.util.concurrent.ThreadPoolExecutor", "runWorker", 1136), thread)))
			.isTrue();
	}

	@Test
	void theIdeMetadataShowsTheDefaultFrameworkPackages() throws Exception {
		try (InputStream metadata = getClass()
			.getResourceAsStream("/META-INF/additional-spring-configuration-metadata.json")) {
			List<List<String>> defaults = JsonPath.parse(metadata)
				.read("$.properties[?(@.name == 'memleak.sites.framework-packages')].defaultValue");
			assertThat(defaults).containsExactly(StackFolding.DEFAULT_FRAMEWORK_PACKAGES);
		}
	}

	@Test
	void frameworkPackagesCanBeReplaced() {
		StackFolding custom = new StackFolding(List.of("com.example.framework."), 4);
		assertThat(custom.isFramework(new Frame("com.example.framework.Dispatcher", "dispatch", 1))).isTrue();
		assertThat(custom.isFramework(new Frame("org.springframework.web.Foo", "bar", 1))).isFalse();
	}

}
