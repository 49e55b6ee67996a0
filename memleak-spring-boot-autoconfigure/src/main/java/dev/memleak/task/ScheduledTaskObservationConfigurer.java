package dev.memleak.task;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Makes sure {@code @Scheduled} methods run inside an observation that memleak's
 * {@link ScheduledTaskObservationHandler} sees. When Spring Boot's observation registry
 * is set on the scheduler (the usual case, with Actuator) the handler, a bean, is already
 * part of it; when no registry is set, this gives the scheduler a private one with only
 * memleak's handler, so no other observation starts. The order of configurers does not
 * matter: if Boot's configurer runs later it replaces the private registry with Boot's,
 * which holds the handler too.
 *
 * @author memleak
 */
public final class ScheduledTaskObservationConfigurer implements SchedulingConfigurer {

	private final ScheduledTaskObservationHandler handler;

	/**
	 * Create an instance.
	 * @param handler the handler of scheduled-task observations
	 */
	public ScheduledTaskObservationConfigurer(ScheduledTaskObservationHandler handler) {
		this.handler = handler;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (registrar.getObservationRegistry() == null) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(this.handler);
			registrar.setObservationRegistry(registry);
		}
	}

}
