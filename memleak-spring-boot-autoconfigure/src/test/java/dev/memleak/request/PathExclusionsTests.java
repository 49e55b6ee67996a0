package dev.memleak.request;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PathExclusionsTests {

	@Test
	void prefixPatternsMatchTheirSubtreeOnly() {
		PathExclusions exclusions = new PathExclusions(List.of("/actuator/**"));
		assertThat(exclusions.isExcluded(request("", "/actuator"))).isTrue();
		assertThat(exclusions.isExcluded(request("", "/actuator/health/liveness"))).isTrue();
		assertThat(exclusions.isExcluded(request("", "/actuators"))).isFalse();
		assertThat(exclusions.isExcluded(request("", "/api/actuator/x"))).isFalse();
	}

	@Test
	void pathsAreRelativeToTheContextPath() {
		PathExclusions exclusions = new PathExclusions(List.of("/actuator/**"));
		assertThat(exclusions.isExcluded(request("/shop", "/shop/actuator/health"))).isTrue();
		assertThat(exclusions.isExcluded(request("/shop", "/shop/orders"))).isFalse();
	}

	@Test
	void otherPatternsUsePathPatternSyntax() {
		PathExclusions exclusions = new PathExclusions(List.of("/static/*.css", "/api/{version}/ping"));
		assertThat(exclusions.isExcluded(request("", "/static/site.css"))).isTrue();
		assertThat(exclusions.isExcluded(request("", "/static/site.js"))).isFalse();
		assertThat(exclusions.isExcluded(request("", "/api/v2/ping"))).isTrue();
	}

	@Test
	void noPatternsExcludeNothing() {
		assertThat(new PathExclusions(List.of()).isExcluded(request("", "/actuator/health"))).isFalse();
	}

	@Test
	void malformedPatternsAreRejectedWithThePropertyName() {
		assertThatIllegalArgumentException().isThrownBy(() -> PathExclusions.validate(List.of("/a/{b")))
			.withMessageContaining("memleak.request.exclude");
		assertThatIllegalArgumentException().isThrownBy(() -> PathExclusions.validate(List.of("")))
			.withMessageContaining("memleak.request.exclude");
	}

	private static MockHttpServletRequest request(String contextPath, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setContextPath(contextPath);
		return request;
	}

}
