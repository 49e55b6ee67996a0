package dev.memleak.request;

import java.util.List;

import dev.memleak.allocation.AllocationCounter;
import dev.memleak.core.FailureRecorder;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

class RequestMemoryFilterTests {

	private final RequestAllocationRecorder recorder = new RequestAllocationRecorder(10, null);

	private final AllocationCounter counter = new AllocationCounter() {

		private long bytes;

		@Override
		public long currentThreadAllocatedBytes() {
			this.bytes += 100;
			return this.bytes;
		}

	};

	private final RequestMemoryFilter filter = new RequestMemoryFilter(this.recorder, this.counter,
			new FailureRecorder(null), new RequestSettings(1.0, List.of("/actuator/**"), 10, 0));

	@Test
	void exclusionsAreRelativeToTheContextPath() throws Exception {
		this.filter.doFilter(request("/shop", "/shop/actuator/health"), new MockHttpServletResponse(),
				new MockFilterChain());
		this.filter.doFilter(request("/shop", "/shop/orders"), new MockHttpServletResponse(), new MockFilterChain());
		assertThat(this.recorder.routes()).extracting(RouteAllocation::uri).containsExactly("/orders");
	}

	@Test
	void aRequestIsMeasuredBetweenTwoReadingsOfItsThread() throws Exception {
		this.filter.doFilter(request("", "/orders"), new MockHttpServletResponse(), new MockFilterChain());
		assertThat(this.recorder.routes()).singleElement().satisfies((route) -> {
			assertThat(route.count()).isEqualTo(1);
			assertThat(route.allocatedBytesMax()).isEqualTo(100);
		});
	}

	private static MockHttpServletRequest request(String contextPath, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setContextPath(contextPath);
		request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, uri.substring(contextPath.length()));
		return request;
	}

}
