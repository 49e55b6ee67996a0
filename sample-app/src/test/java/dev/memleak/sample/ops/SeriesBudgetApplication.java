package dev.memleak.sample.ops;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.memleak.sample.SampleApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The sample application with the workload of memleak's series budget: 40 routes of their
 * own and 10 scheduled tasks, next to the sample's own routes and jobs (switched off by
 * the test).
 *
 * @author memleak
 */
@Configuration(proxyBeanMethods = false)
public class SeriesBudgetApplication {

	/** The routes: {@code GET /budget/r0/{id}} to {@code GET /budget/r39/{id}}. */
	static final int ROUTES = 40;

	/** The tasks: {@code SeriesBudgetApplication.Jobs.job0} to {@code job9}. */
	static final int TASKS = 10;

	public static void main(String[] args) {
		SpringApplication.run(new Class<?>[] { SampleApplication.class, SeriesBudgetApplication.class }, args);
	}

	@Bean
	RouterFunction<ServerResponse> budgetRoutes() {
		RouterFunctions.Builder routes = RouterFunctions.route();
		for (int i = 0; i < ROUTES; i++) {
			int route = i;
			routes.GET("/budget/r" + route + "/{id}",
					(request) -> ServerResponse.ok()
						.body(Map.of("route", route, "id", request.pathVariable("id"), "payload",
								new byte[256 * (route + 1)])));
		}
		return routes.build();
	}

	@Bean
	Jobs budgetJobs() {
		return new Jobs();
	}

	/**
	 * Ten background tasks that allocate and retain nothing.
	 */
	static class Jobs {

		private final AtomicLong runs = new AtomicLong();

		@Scheduled(fixedDelay = 200)
		void job0() {
			work(0);
		}

		@Scheduled(fixedDelay = 200)
		void job1() {
			work(1);
		}

		@Scheduled(fixedDelay = 200)
		void job2() {
			work(2);
		}

		@Scheduled(fixedDelay = 200)
		void job3() {
			work(3);
		}

		@Scheduled(fixedDelay = 200)
		void job4() {
			work(4);
		}

		@Scheduled(fixedDelay = 200)
		void job5() {
			work(5);
		}

		@Scheduled(fixedDelay = 200)
		void job6() {
			work(6);
		}

		@Scheduled(fixedDelay = 200)
		void job7() {
			work(7);
		}

		@Scheduled(fixedDelay = 200)
		void job8() {
			work(8);
		}

		@Scheduled(fixedDelay = 200)
		void job9() {
			work(9);
		}

		private void work(int job) {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < 100 * (job + 1); i++) {
				text.append(i);
			}
			this.runs.addAndGet(text.length());
		}

	}

}
