package dev.memleak.sample.ops;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.memleak.sample.SampleApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The sample application on a random port with its leak and cache scenarios on and every
 * memleak feature set to report within seconds, so that a Prometheus scraping it for a
 * quarter of a minute sees every meter. Test classes with this annotation share one
 * application context.
 *
 * @author memleak
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = SampleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.leak.enabled=true", "sample.cache.enabled=true", "sample.job.interval=1s",
				"memleak.detection.window=1m", "memleak.detection.min-samples=3", "memleak.detection.min-duration=20s",
				"memleak.detection.evaluation-interval=2s", "memleak.snapshot.enabled=true",
				"memleak.snapshot.initial-delay=0s", "memleak.snapshot.interval=5s", "memleak.snapshot.jitter=0s",
				"memleak.task.enabled=true" })
@interface LeakingSampleApplicationTest {

}
