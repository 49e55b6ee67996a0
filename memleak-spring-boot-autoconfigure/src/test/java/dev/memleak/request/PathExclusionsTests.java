package dev.memleak.request;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PathExclusionsTests {

	@Test
	void prefixPatternsMatchTheirSubtreeOnly() {
		PathExclusions exclusions = new PathExclusions(List.of("/actuator/**"));
		assertThat(exclusions.isExcluded("/actuator")).isTrue();
		assertThat(exclusions.isExcluded("/actuator/health/liveness")).isTrue();
		assertThat(exclusions.isExcluded("/actuators")).isFalse();
		assertThat(exclusions.isExcluded("/api/actuator/x")).isFalse();
	}

	@Test
	void otherPatternsUsePathPatternSyntax() {
		PathExclusions exclusions = new PathExclusions(List.of("/static/*.css", "/api/{version}/ping"));
		assertThat(exclusions.isExcluded("/static/site.css")).isTrue();
		assertThat(exclusions.isExcluded("/static/site.js")).isFalse();
		assertThat(exclusions.isExcluded("/api/v2/ping")).isTrue();
	}

	@Test
	void noPatternsExcludeNothing() {
		assertThat(new PathExclusions(List.of()).isExcluded("/actuator/health")).isFalse();
	}

	@Test
	void malformedPatternsAreRejectedWithThePropertyName() {
		assertThatIllegalArgumentException().isThrownBy(() -> PathExclusions.validate(List.of("/a/{b")))
			.withMessageContaining("memleak.request.exclude");
		assertThatIllegalArgumentException().isThrownBy(() -> PathExclusions.validate(List.of("")))
			.withMessageContaining("memleak.request.exclude");
	}

}
