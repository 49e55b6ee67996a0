package dev.memleak.diagnosis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StackLineTests {

	@Test
	void renderedFramesAreParsedAndFoldedLinesAreNot() {
		assertThat(StackLine.parse("com.example.Orders.add(Orders.java:12)"))
			.isEqualTo(new StackLine("com.example.Orders", "add"));
		assertThat(StackLine.parse("com.example.Orders$Line.<init>(Orders.java:7)"))
			.isEqualTo(new StackLine("com.example.Orders$Line", "<init>"));
		assertThat(StackLine.parse("Top.run(Top.java)")).isEqualTo(new StackLine("Top", "run"));
		assertThat(StackLine.parse("... 3 more")).isNull();
		assertThat(StackLine.parse("... 2 framework frames (java.util)")).isNull();
		assertThat(StackLine.parse("garbage")).isNull();
	}

	@Test
	void simpleClassNamesAreThoseTaskNamesUse() {
		assertThat(new StackLine("com.example.InvoiceJob", "run").simpleClassName()).isEqualTo("InvoiceJob");
		assertThat(new StackLine("com.example.Jobs$Invoice", "run").simpleClassName()).isEqualTo("Invoice");
		assertThat(new StackLine("com.example.Jobs$1", "run").simpleClassName()).isEqualTo("Jobs$1");
		assertThat(new StackLine("Top", "run").simpleClassName()).isEqualTo("Top");
	}

	@Test
	void topLevelClassDropsNestedClasses() {
		assertThat(new StackLine("com.example.AuditLog$AuditEntry", "x").topLevelClassName())
			.isEqualTo("com.example.AuditLog");
		assertThat(StackLine.topLevel("com.example.AuditLog")).isEqualTo("com.example.AuditLog");
	}

}
