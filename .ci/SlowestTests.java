import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lists the slowest test classes of the last build, across every module and both JDK
 * passes, from the surefire and failsafe reports: {@code java .ci/SlowestTests.java [N]}
 * from the repository root (15 by default).
 */
public class SlowestTests {

	private static final Pattern SUITE = Pattern.compile("<testsuite\\b[^>]*>");

	private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]+)\"");

	private static final Pattern TIME = Pattern.compile("\\btime=\"([0-9.,]+)\"");

	private static final Pattern JAVA = Pattern.compile("<property name=\"java.specification.version\" value=\"([^\"]+)\"");

	record Suite(String module, String pass, String name, double seconds) {
	}

	public static void main(String[] args) throws IOException {
		int top = (args.length > 0) ? Integer.parseInt(args[0]) : 15;
		List<Suite> suites = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Path.of("."))) {
			for (Path file : files.filter(SlowestTests::isReport).toList()) {
				Suite suite = read(file);
				if (suite != null) {
					suites.add(suite);
				}
			}
		}
		if (suites.isEmpty()) {
			System.out.println("No surefire or failsafe reports under " + Path.of(".").toAbsolutePath().normalize());
			return;
		}
		Map<String, Double> totals = new TreeMap<>();
		suites.forEach((suite) -> totals.merge(suite.module() + " " + suite.pass(), suite.seconds(), Double::sum));
		System.out.println("Test time per module and pass (seconds, as reported by surefire and failsafe):");
		totals.forEach((key, seconds) -> System.out.printf(Locale.ROOT, "  %-60s %7.1f%n", key, seconds));
		System.out.printf(Locale.ROOT, "  %-60s %7.1f%n", "all", totals.values().stream().mapToDouble(Double::doubleValue).sum());
		System.out.println("Slowest " + top + " test classes:");
		suites.sort((a, b) -> Double.compare(b.seconds(), a.seconds()));
		for (Suite suite : suites.subList(0, Math.min(top, suites.size()))) {
			System.out.printf(Locale.ROOT, "  %7.1f s  %-22s %s (%s)%n", suite.seconds(), suite.pass(), suite.name(),
					suite.module());
		}
	}

	private static boolean isReport(Path file) {
		String name = file.getFileName().toString();
		String directory = (file.getParent() != null) ? file.getParent().getFileName().toString() : "";
		return name.startsWith("TEST-") && name.endsWith(".xml")
				&& (directory.startsWith("surefire-reports") || directory.startsWith("failsafe-reports"))
				&& file.toString().contains("target");
	}

	private static Suite read(Path file) throws IOException {
		String head;
		try (var reader = Files.newBufferedReader(file)) {
			char[] buffer = new char[65536];
			int read = reader.read(buffer);
			head = (read > 0) ? new String(buffer, 0, read) : "";
		}
		Matcher suite = SUITE.matcher(head);
		if (!suite.find()) {
			return null;
		}
		Matcher name = NAME.matcher(suite.group());
		Matcher time = TIME.matcher(suite.group());
		if (!name.find() || !time.find()) {
			return null;
		}
		String directory = file.getParent().getFileName().toString();
		String kind = directory.startsWith("failsafe") ? "failsafe" : "surefire";
		Matcher java = JAVA.matcher(head);
		String jdk = java.find() ? "JDK " + java.group(1) : (directory.endsWith("-jdk25") ? "JDK 25" : "JDK ?");
		Path target = file.getParent().getParent();
		String module = (target.getParent() != null && target.getParent().getFileName() != null)
				? target.getParent().getFileName().toString() : ".";
		return new Suite(module, kind + " " + jdk, name.group(1), Double.parseDouble(time.group(1).replace(",", "")));
	}

}
