package dev.memleak.diagnosis;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadResolverTests {

	private static final StackLine OWNER = new StackLine("com.example.OwnerController", "owner");

	@Test
	void aHandlerFrameNamesItsRouteAsTheRequestsSectionDoes() {
		WorkloadResolver resolver = new WorkloadResolver(
				List.of(new RouteMapping("com.example.OwnerController.owner", Set.of("GET"), Set.of("/owners/{id}"))),
				List.of("GET /owners/{id}"), List.of());
		assertThat(resolver.workloadsOf(OWNER)).containsExactly(new Workload(WorkloadKind.ROUTE, "GET /owners/{id}"));
		assertThat(resolver.workloadsOf(new StackLine("com.example.OwnerController", "owners"))).isEmpty();
		assertThat(resolver.workloadsOf(new StackLine("com.example.Other", "owner"))).isEmpty();
	}

	@Test
	void theBodyOfALambdaWrittenInAHandlerCountsAsTheHandler() {
		WorkloadResolver resolver = new WorkloadResolver(
				List.of(new RouteMapping("com.example.OwnerController.owner", Set.of("GET"), Set.of("/owners/{id}"))),
				List.of(), List.of());
		assertThat(resolver.workloadsOf(new StackLine("com.example.OwnerController", "lambda$owner$3")))
			.containsExactly(new Workload(WorkloadKind.ROUTE, "GET /owners/{id}"));
		assertThat(resolver.workloadsOf(new StackLine("com.example.OwnerController", "lambda$owners$0"))).isEmpty();
		assertThat(new StackLine("com.example.OwnerController", "owner").enclosingMethod()).isNull();
	}

	@Test
	void aHandlerForAnyMethodIsNamedWithTheMethodsServedElseThePatternAlone() {
		RouteMapping any = new RouteMapping("com.example.OwnerController.owner", Set.of(), Set.of("/owners/{id}"));
		assertThat(new WorkloadResolver(List.of(any), List.of("POST /owners/{id}", "GET /owners/{id}", "GET /x"),
				List.of())
			.workloadsOf(OWNER)).extracting(Workload::name).containsExactly("GET /owners/{id}", "POST /owners/{id}");
		assertThat(new WorkloadResolver(List.of(any), List.of(), List.of()).workloadsOf(OWNER))
			.extracting(Workload::name)
			.containsExactly("/owners/{id}");
	}

	@Test
	void aHandlerNobodyRequestedYetIsNamedWithItsDeclaredMethods() {
		RouteMapping put = new RouteMapping("com.example.OwnerController.owner", Set.of("PUT"),
				Set.of("/owners/{id}", "/people/{id}"));
		assertThat(new WorkloadResolver(List.of(put), List.of("GET /owners/{id}"), List.of()).workloadsOf(OWNER))
			.extracting(Workload::name)
			.containsExactly("PUT /owners/{id}", "PUT /people/{id}");
	}

	@Test
	void aTaskMethodsFrameNamesTheRecordedTask() {
		WorkloadResolver resolver = new WorkloadResolver(List.of(), List.of(),
				List.of("InvoiceArchiveJob.archive", "Jobs.lambda", "Cleanup", "Nightly.run"));
		assertThat(resolver.workloadsOf(new StackLine("com.example.InvoiceArchiveJob", "archive")))
			.containsExactly(new Workload(WorkloadKind.TASK, "InvoiceArchiveJob.archive"));
		assertThat(resolver.workloadsOf(new StackLine("com.example.InvoiceArchiveJob", "rollup"))).isEmpty();
		assertThat(resolver.workloadsOf(new StackLine("com.example.Jobs", "lambda$start$0")))
			.containsExactly(new Workload(WorkloadKind.TASK, "Jobs.lambda"));
		assertThat(resolver.workloadsOf(new StackLine("com.example.Cleanup", "run")))
			.containsExactly(new Workload(WorkloadKind.TASK, "Cleanup"));
		assertThat(resolver.workloadsOf(new StackLine("com.example.Cleanup", "sweep"))).isEmpty();
		assertThat(resolver.workloadsOf(new StackLine("com.example.Schedules$Nightly", "run")))
			.containsExactly(new Workload(WorkloadKind.TASK, "Nightly.run"));
	}

	@Test
	void retentionNamesPrefixTasks() {
		assertThat(new Workload(WorkloadKind.TASK, "InvoiceArchiveJob.archive").retentionName())
			.isEqualTo("task InvoiceArchiveJob.archive");
		assertThat(new Workload(WorkloadKind.ROUTE, "GET /owners/{id}").retentionName()).isEqualTo("GET /owners/{id}");
	}

}
