package dev.memleak.endpoint;

import java.util.List;

import dev.memleak.snapshot.Suspect;

/**
 * Classes whose instances kept growing across heap snapshots, with their bytes in each
 * snapshot as a small chart.
 *
 * @author memleak
 */
final class SuspectsSection implements PageSection {

	@Override
	public void render(PageModel model, Html html) {
		List<Suspect> suspects = model.report().suspects();
		PageSection.open(html, "suspects", "Suspect classes");
		if (suspects.isEmpty()) {
			html.element("p", "No class keeps growing across the heap snapshots (see the notes).", "class", "empty");
			html.close("section");
			return;
		}
		PageSection.tableHead(html, "Class", "Bytes gained#", "Per hour#", "Instances gained#", "Bytes now#",
				"Bytes per snapshot", "Likely owners");
		for (Suspect suspect : suspects) {
			html.open("tr", "class", suspect.generic() ? "generic" : null);
			html.element("td", suspect.className(), "class", "mono suspect-class");
			PageSection.number(html, PageFormats.signedBytes(suspect.bytesGrowth()));
			PageSection.number(html, PageFormats.signedBytes(suspect.bytesGrowthPerHour()));
			PageSection.number(html, PageFormats.count(suspect.instancesGrowth()));
			PageSection.number(html, PageFormats.bytes(suspect.bytes()));
			html.open("td");
			Sparkline.render(html, model.suspectBytes().getOrDefault(suspect.className(), List.of()));
			html.close("td");
			html.element("td", String.join(", ", suspect.likelyOwners()), "class", "mono");
			html.close("tr");
		}
		html.close("tbody").close("table");
		Suspect first = suspects.get(0);
		html.open("p", "class", "muted").text("Compared over the last " + first.snapshots() + " snapshots, from ");
		PageFormats.time(html, first.since());
		html.text(". Generic classes (arrays, strings, collection internals) name the application classes that "
				+ "grew alongside them as likely owners.")
			.close("p");
		html.close("section");
	}

}
