package dev.memleak.snapshot;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClassHistogramParserTests {

	private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(.+?)(?: \\([^ ]+\\))?$",
			Pattern.MULTILINE);

	private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)", Pattern.MULTILINE);

	@ParameterizedTest
	@ValueSource(strings = { "jdk17-boot-app-live-jcmd.txt", "jdk25-boot-app-live-jcmd.txt",
			"jdk25-boot-app-all-jcmd.txt", "jdk17-small-live-mbean.txt", "jdk25-small-all-mbean.txt" })
	void parsesRealHistogramsLikeASlowButObviousRegex(String file) {
		String text = Histograms.load(file);
		List<ClassCount> expected = expectedClasses(text);
		ClassHistogram histogram = ClassHistogramParser.parse(text, 100_000);
		assertThat(histogram.classes()).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(histogram.classCount()).isEqualTo(expected.size()).isGreaterThan(1000);
		assertThat(histogram.classes()).isSortedAccordingTo((a, b) -> Long.compare(b.bytes(), a.bytes()));
		Matcher total = TOTAL.matcher(text);
		assertThat(total.find()).isTrue();
		long fillerBytes = fillers(text).values().stream().mapToLong(Long::longValue).sum();
		assertThat(histogram.totalBytes()).isEqualTo(Long.parseLong(total.group(2)) - fillerBytes);
		assertThat(histogram.totalBytes()).isEqualTo(expected.stream().mapToLong(ClassCount::bytes).sum());
		assertThat(histogram.totalInstances()).isEqualTo(expected.stream().mapToLong(ClassCount::instances).sum());
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk17-boot-app-live-jcmd.txt", "jdk25-boot-app-live-jcmd.txt" })
	void findsTheSampleAppsClassesWithoutModuleSuffix(String file) {
		Map<String, ClassCount> classes = byName(ClassHistogramParser.parse(Histograms.load(file), 300));
		assertThat(classes.get("dev.memleak.sample.AuditLog$AuditEntry"))
			.isEqualTo(new ClassCount("dev.memleak.sample.AuditLog$AuditEntry", 400, 12800));
		assertThat(classes.get("dev.memleak.sample.QuoteCache$CachedQuote").instances()).isEqualTo(400);
		assertThat(classes).containsKeys("[B", "java.lang.String", "java.util.HashMap$Node", "[Ljava.lang.Object;");
		assertThat(classes.keySet()).noneMatch((name) -> name.contains(" ") || name.contains("java.base@"));
	}

	@Test
	void keepsJvmNamesOfArraysAndLambdasOnJdk17() {
		Map<String, ClassCount> classes = byName(
				ClassHistogramParser.parse(Histograms.load("jdk17-small-live-mbean.txt"), 100_000));
		assertThat(classes.get("Histo$$Lambda$247/0x00007feed0154418"))
			.isEqualTo(new ClassCount("Histo$$Lambda$247/0x00007feed0154418", 50, 800));
		assertThat(classes.get("java.util.regex.Pattern$$Lambda$18/0x800000028").instances()).isEqualTo(4);
		assertThat(classes.get("Histo$Entry")).isEqualTo(new ClassCount("Histo$Entry", 1000, 24000));
		assertThat(classes.get("[LHisto$Entry;").instances()).isEqualTo(1);
		assertThat(classes.get("[[I").instances()).isEqualTo(2);
		assertThat(classes.get("[[Ljava.lang.String;").instances()).isEqualTo(1);
		assertThat(classes.get("[Lcom.sun.tools.javac.util.SharedNameTable$NameImpl;").bytes()).isEqualTo(131088);
	}

	@Test
	void keepsJvmNamesOfHiddenClassesOnJdk25AndDropsFillers() {
		String text = Histograms.load("jdk25-small-all-mbean.txt");
		Map<String, ClassCount> classes = byName(ClassHistogramParser.parse(text, 100_000));
		assertThat(classes.get("Histo$$Lambda/0x000000001a168428").instances()).isEqualTo(50);
		assertThat(classes.get("java.util.regex.Pattern$$Lambda/0x80000002f").instances()).isEqualTo(8);
		assertThat(classes.keySet()).noneMatch((name) -> name.contains("Filler"));
		assertThat(fillers(text)).containsKey("[Ljdk.internal.vm.FillerElement;");
	}

	@Test
	void keepsOnlyTheLargestClassesLargestFirst() {
		String text = Histograms.load("jdk25-boot-app-all-jcmd.txt");
		List<ClassCount> all = ClassHistogramParser.parse(text, 100_000).classes();
		ClassHistogram top = ClassHistogramParser.parse(text, 25);
		assertThat(top.classes()).containsExactlyElementsOf(all.subList(0, 25));
		assertThat(top.classCount()).isEqualTo(all.size());
		assertThat(top.totalBytes()).isEqualTo(all.stream().mapToLong(ClassCount::bytes).sum());
	}

	@Test
	void findsTheLargestClassesWhateverTheOrderOfLines() {
		String text = Histograms.format(List.of(new ClassCount("a.Small", 1, 16), new ClassCount("b.Large", 3, 3000),
				new ClassCount("c.Medium", 2, 200), new ClassCount("d.Larger", 4, 4000)));
		assertThat(ClassHistogramParser.parse(text, 2).classes()).extracting(ClassCount::className)
			.containsExactly("d.Larger", "b.Large");
	}

	@Test
	void addsUpClassesOfTheSameNameFromDifferentLoaders() {
		String text = Histograms.format(List.of(new ClassCount("com.example.Plugin", 10, 160),
				new ClassCount("java.lang.String", 5, 120), new ClassCount("com.example.Plugin", 4, 64)));
		assertThat(byName(ClassHistogramParser.parse(text, 10))).containsEntry("com.example.Plugin",
				new ClassCount("com.example.Plugin", 14, 224));
	}

	@Test
	void acceptsWindowsLineEndingsAndTheJcmdPidLine() {
		String text = "4242:\r\n"
				+ Histograms.format(List.of(new ClassCount("java.lang.String", 5, 120))).replace("\n", "\r\n");
		ClassHistogram histogram = ClassHistogramParser.parse(text, 10);
		assertThat(histogram.classes()).containsExactly(new ClassCount("java.lang.String", 5, 120));
		assertThat(histogram.totalBytes()).isEqualTo(120);
	}

	@Test
	void sumsLinesWhenTheTotalIsMissing() {
		String text = Histograms.format(List.of(new ClassCount("a.A", 2, 48), new ClassCount("b.B", 1, 16)));
		ClassHistogram histogram = ClassHistogramParser.parse(text.substring(0, text.indexOf("Total")), 10);
		assertThat(histogram.totalInstances()).isEqualTo(3);
		assertThat(histogram.totalBytes()).isEqualTo(64);
	}

	@Test
	void rejectsTextThatIsNoHistogram() {
		assertThatIllegalArgumentException().isThrownBy(() -> ClassHistogramParser.parse("Permission denied", 10))
			.withMessageContaining("Not a class histogram")
			.withMessageContaining("Permission denied");
		assertThatIllegalArgumentException().isThrownBy(() -> ClassHistogramParser.parse("", 10));
	}

	private static List<ClassCount> expectedClasses(String text) {
		Map<String, Long> fillers = fillers(text);
		return LINE.matcher(text)
			.results()
			.filter((line) -> !fillers.containsKey(line.group(3)))
			.map((line) -> new ClassCount(line.group(3), Long.parseLong(line.group(1)), Long.parseLong(line.group(2))))
			.toList();
	}

	private static Map<String, Long> fillers(String text) {
		return LINE.matcher(text)
			.results()
			.filter((line) -> line.group(3).contains("jdk.internal.vm.Filler"))
			.collect(Collectors.toMap((line) -> line.group(3), (line) -> Long.parseLong(line.group(2))));
	}

	private static Map<String, ClassCount> byName(ClassHistogram histogram) {
		return histogram.classes().stream().collect(Collectors.toMap(ClassCount::className, (count) -> count));
	}

}
