package dev.memleak.diagnosis;

import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LambdaFramesTests {

	@Test
	void aLambdaFrameOfJfrIsTheLambdasClass() {
		// As recorded by JFR (jdk.OldObjectSample) on JDK 17.0.15 and Temurin 25.0.3.
		assertThat(StackLine.parse("L$$Lambda$1+0x00007f9198000a08.2060468723.apply(L.java)").qualifiedMethod())
			.isEqualTo("L$$Lambda$1/0x00007f9198000a08.apply");
		assertThat(StackLine.parse("L$$Lambda.0x000000002a040210.apply(L.java)").qualifiedMethod())
			.isEqualTo("L$$Lambda/0x000000002a040210.apply");
		assertThat(LambdaFrames.className("L$$Lambda$1/0x00007f9198000a08"))
			.isEqualTo("L$$Lambda$1/0x00007f9198000a08");
	}

	@Test
	void aLambdaOfThisJvmIsNamedAsItsFrames() {
		IntFunction<byte[]> lambda = byte[]::new;
		String handler = LambdaFrames.handlerOf(lambda.getClass(), "apply");
		assertThat(handler).contains("$$Lambda").endsWith(".apply").doesNotContain("+");
		assertThat(LambdaFrames.className(lambda.getClass().getName())).isEqualTo(lambda.getClass().getName());
	}

	@Test
	void otherClassesAreLeftAlone() {
		assertThat(LambdaFrames.className("com.example.Orders$Line")).isEqualTo("com.example.Orders$Line");
		assertThat(StackLine.parse("com.example.Orders.add(Orders.java:3)").qualifiedMethod())
			.isEqualTo("com.example.Orders.add");
	}

}
