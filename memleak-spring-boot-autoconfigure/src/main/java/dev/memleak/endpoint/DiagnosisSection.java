package dev.memleak.endpoint;

import java.util.List;
import java.util.Locale;

/**
 * The diagnosis: what leaks, where it is allocated and which route or task allocates it,
 * with what is still being gathered. Read from the report's {@code diagnosis} by its JSON
 * names (see {@link ReportNode}); without one (a report from before the diagnosis, or the
 * diagnosis off) the section writes nothing and the verdict stands alone.
 *
 * @author memleak
 */
final class DiagnosisSection implements PageSection {

	@Override
	public void render(PageModel model, Html html) {
		ReportNode diagnosis = model.tree().get("diagnosis");
		if (!diagnosis.hasValue()) {
			return;
		}
		PageSection.open(html, "diagnosis", "Diagnosis");
		String state = diagnosis.text("state");
		html.open("p").element("span", state, "id", "diagnosis-state", "class", "badge state " + state).text(" ");
		html.element("span", diagnosis.text("summary"), "id", "diagnosis-summary", "class", "lead").close("p");
		for (ReportNode leak : diagnosis.get("leaks").list()) {
			leak(html, leak, model);
		}
		List<ReportNode> pending = diagnosis.get("pending").list();
		if (!pending.isEmpty()) {
			html.element("h3", "Still gathering");
			html.open("ul", "class", "pending");
			for (ReportNode part : pending) {
				html.open("li").element("strong", lower(part.text("part"))).text(": " + part.text("reason"));
				if (part.instant("dueAt") != null) {
					html.text(" (expected ");
					PageFormats.time(html, part.instant("dueAt"));
					html.text(")");
				}
				html.close("li");
			}
			html.close("ul");
		}
		html.close("section");
	}

	private static void leak(Html html, ReportNode leak, PageModel model) {
		ReportNode leakingClass = leak.get("leakingClass");
		html.open("div", "class", "diagnosed-leak");
		html.open("h3").element("code", leakingClass.text("className"), "class", "leak-class");
		Double growth = leakingClass.number("growthBytesPerHour");
		if (growth != null) {
			html.text(" " + PageFormats.signedBytes(growth) + "/h");
		}
		if (leakingClass.number("shareOfHeapGrowth") != null) {
			html.text(", " + PageFormats.percent(leakingClass.number("shareOfHeapGrowth")) + " of the heap's growth");
		}
		html.close("h3");
		List<String> holds = leakingClass.texts("holds");
		if (!holds.isEmpty()) {
			html.open("p").text("Holds ").element("code", String.join(", ", holds)).close("p");
		}
		explanation(html, "Class", leakingClass);
		ReportNode site = leak.get("allocationSite");
		if (site.hasValue()) {
			html.open("p").text("Allocated at ").element("code", site.text("frame"), "class", "leak-frame").close("p");
			explanation(html, "Site", site);
			PageSection.stack(html, site.texts("stackTrace"), model);
		}
		ReportNode workload = leak.get("workload");
		if (workload.hasValue()) {
			html.open("p")
				.text("Allocated by " + lower(workload.text("kind")) + " ")
				.element("code", workload.text("name"), "class", "leak-workload");
			List<String> alternatives = workload.texts("alternatives");
			if (!alternatives.isEmpty()) {
				html.text(" (or ").element("code", String.join(", ", alternatives)).text(")");
			}
			html.close("p");
			explanation(html, "Route or task", workload);
		}
		ReportNode regression = leak.get("regression");
		if (regression.hasValue() && regression.text("note") != null) {
			html.element("p",
					"Count regression (" + lower(regression.text("agreement")) + "): " + regression.text("note"),
					"class", "muted");
		}
		if (leak.instant("projectedExhaustion") != null) {
			html.open("p").text("Heap full ");
			PageFormats.time(html, leak.instant("projectedExhaustion"));
			html.text(" (" + PageFormats.relative(leak.instant("projectedExhaustion"), model.generatedAt()) + ")")
				.close("p");
		}
		html.close("div");
	}

	private static void explanation(Html html, String part, ReportNode node) {
		if (node.text("explanation") != null) {
			html.element("p", part + " (confidence " + PageFormats.percent(node.number("confidence")) + "): "
					+ node.text("explanation"), "class", "muted");
		}
	}

	private static String lower(String constant) {
		return (constant != null) ? constant.toLowerCase(Locale.ROOT).replace('_', ' ') : "-";
	}

}
