package dev.memleak.diagnosis;

import java.util.List;
import java.util.Set;

import dev.memleak.diagnosis.WorkloadAttribution.OnStack;
import org.junit.jupiter.api.Test;

import static dev.memleak.diagnosis.Fixtures.AUDIT_ENTRY;
import static dev.memleak.diagnosis.Fixtures.BYTES;
import static dev.memleak.diagnosis.Fixtures.OWNER_HANDLER;
import static dev.memleak.diagnosis.Fixtures.RECORD_LOOKUP;
import static dev.memleak.diagnosis.Fixtures.evidence;
import static dev.memleak.diagnosis.Fixtures.noRegression;
import static dev.memleak.diagnosis.Fixtures.regression;
import static dev.memleak.diagnosis.Fixtures.sampleWorkloads;
import static dev.memleak.diagnosis.Fixtures.site;
import static dev.memleak.diagnosis.Fixtures.suspect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Which route or task a leak's stacks name, how sure that is, and what the count
 * regression says of it.
 */
class WorkloadAttributionTests {

	private static final Workload OWNER = new Workload(WorkloadKind.ROUTE, "GET /owners/{id}");

	@Test
	void theOutermostHandlerOnTheStackNamesTheRouteNotAHelperItCalls() {
		// OwnerController.owner is also the name of a helper that GET /owners calls.
		OnStack found = WorkloadAttribution.onStack(
				List.of(site(BYTES, 10, 10, true, RECORD_LOOKUP,
						"dev.memleak.sample.OwnerController.owner(OwnerController.java:41)",
						"dev.memleak.sample.OwnerController.lambda$owners$0(OwnerController.java:37)",
						"... 3 framework frames (java.util)",
						"dev.memleak.sample.OwnerController.owners(OwnerController.java:37)", "... 40 more")),
				sampleWorkloads());
		assertThat(found.workload()).isEqualTo(new Workload(WorkloadKind.ROUTE, "GET /owners"));
		assertThat(found.handler()).isEqualTo("dev.memleak.sample.OwnerController.owners");
	}

	@Test
	void theShareIsThatOfTheSamplesWhoseStacksHaveTheHandler() {
		OnStack found = WorkloadAttribution.onStack(
				List.of(site(BYTES, 30, 30, true, RECORD_LOOKUP, OWNER_HANDLER),
						site(BYTES, 10, 10, true, RECORD_LOOKUP, "dev.memleak.sample.Startup.run(Startup.java:3)")),
				sampleWorkloads());
		assertThat(found.workload()).isEqualTo(OWNER);
		assertThat(found.share()).isEqualTo(0.75);
		assertThat(WorkloadAttribution.onStack(
				List.of(site(BYTES, 10, 10, true, RECORD_LOOKUP, "dev.memleak.sample.Startup.run(Startup.java:3)")),
				sampleWorkloads()))
			.isNull();
	}

	@Test
	void aHandlerServingTwoRoutesNamesBothAndHalvesTheConfidence() {
		WorkloadResolver resolver = new WorkloadResolver(
				List.of(new RouteMapping("dev.memleak.sample.OwnerController.owner", Set.of("GET"),
						Set.of("/owners/{id}", "/people/{id}"))),
				List.of("GET /owners/{id}", "GET /people/{id}"), List.of());
		OnStack found = WorkloadAttribution.onStack(List.of(site(BYTES, 10, 10, true, RECORD_LOOKUP, OWNER_HANDLER)),
				resolver);
		assertThat(found.servedByHandler()).isEqualTo(2);
		assertThat(found.alternatives()).extracting(Workload::name).containsExactly("GET /people/{id}");
		RegressionOpinion none = WorkloadAttribution.compare(found.workload(), noRegression());
		assertThat(WorkloadAttribution.confidence(found.share(), found.servedByHandler(), none)).isEqualTo(0.5);
	}

	@Test
	void aRegressionThatAgreesAddsItsConfidence() {
		RegressionOpinion opinion = WorkloadAttribution.compare(OWNER, regression("GET /owners/{id}", 0.8));
		assertThat(opinion.agreement()).isEqualTo(Agreement.AGREES);
		assertThat(WorkloadAttribution.confidence(0.5, 1, opinion)).isCloseTo(0.9, within(1e-12));
	}

	@Test
	void aRegressionThatDisagreesWeighsTheStackDown() {
		RegressionOpinion opinion = WorkloadAttribution.compare(OWNER, regression("GET /reports/{year}", 0.8));
		assertThat(opinion.agreement()).isEqualTo(Agreement.DISAGREES);
		assertThat(opinion.workload()).isEqualTo("GET /reports/{year}");
		assertThat(opinion.note()).startsWith("The count regression disagrees: it names GET /reports/{year}");
		assertThat(WorkloadAttribution.confidence(1.0, 1, opinion)).isCloseTo(0.6, within(1e-12));
	}

	@Test
	void aRegressionThatCannotTellTheTwoApartLeavesTheStackAlone() {
		RegressionOpinion opinion = WorkloadAttribution.compare(OWNER,
				regression("task InvoiceArchiveJob.archive", 1.0, "GET /reports/{year}", "GET /owners/{id}"));
		assertThat(opinion.agreement()).isEqualTo(Agreement.CANNOT_TELL_APART);
		assertThat(WorkloadAttribution.confidence(0.7, 1, opinion)).isEqualTo(0.7);
	}

	@Test
	void aRegressionThatNamesNothingLeavesTheStackAlone() {
		RegressionOpinion opinion = WorkloadAttribution.compare(OWNER, noRegression());
		assertThat(opinion.agreement()).isEqualTo(Agreement.NO_OPINION);
		assertThat(opinion.note()).contains("Too few floor points");
		assertThat(WorkloadAttribution.confidence(0.7, 1, opinion)).isEqualTo(0.7);
		assertThat(WorkloadAttribution.compare(OWNER, null).agreement()).isEqualTo(Agreement.NO_OPINION);
	}

	@Test
	void tasksAreComparedUnderTheRegressionsName() {
		RegressionOpinion opinion = WorkloadAttribution.compare(
				new Workload(WorkloadKind.TASK, "InvoiceArchiveJob.archive"),
				regression("task InvoiceArchiveJob.archive", 0.9));
		assertThat(opinion.agreement()).isEqualTo(Agreement.AGREES);
	}

	@Test
	void theLeaksWorkloadCarriesTheCombinedConfidenceAndTheRegressionsOpinion() {
		Diagnosis diagnosis = new LeakDiagnoser(3, Fixtures.APPLICATION, Fixtures.MIN_SHARE)
			.diagnose(evidence(List.of(suspect(AUDIT_ENTRY, 4, 3, 1_000_000)),
					List.of(site(AUDIT_ENTRY, 30, 30, true, RECORD_LOOKUP, OWNER_HANDLER),
							site(AUDIT_ENTRY, 10, 10, true, RECORD_LOOKUP,
									"dev.memleak.sample.Startup.run(Startup.java:3)")),
					regression("GET /owners/{id}", 0.6)));
		LeakDiagnosis leak = diagnosis.leaks().get(0);
		assertThat(leak.workload().onStackShare()).isEqualTo(0.75);
		assertThat(leak.workload().confidence()).isEqualTo(0.9);
		assertThat(leak.regression().agreement()).isEqualTo(Agreement.AGREES);
		assertThat(leak.workload().explanation())
			.startsWith("dev.memleak.sample.OwnerController.owner, the handler of GET /owners/{id}, is on the "
					+ "allocation stacks of 75% of the site's samples.");
	}

}
