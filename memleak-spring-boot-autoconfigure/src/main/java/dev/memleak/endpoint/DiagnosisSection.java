package dev.memleak.endpoint;

/**
 * The diagnosis: what leaks, where it is allocated and which route or task retains it.
 * The report has no {@code diagnosis} section yet (issue 14); until it has, this section
 * writes nothing.
 *
 * @author memleak
 */
final class DiagnosisSection implements PageSection {

	@Override
	public void render(PageModel model, Html html) {
	}

}
