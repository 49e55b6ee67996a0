package dev.memleak.sample.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * A synthetic fleet of Spring Boot pods that run memleak, minute by minute, with every
 * series the alert rules and the dashboard read (memleak's meters, Spring Boot's JVM and
 * HTTP meters, kube-state-metrics, cAdvisor and the kubelet's probes), as a Prometheus
 * scraping it every minute would store them. Applications of 20 pods each; all healthy
 * but three: {@code svc-00} rolls out version 2.0.0 two hours before the end, which leaks
 * (the bad release); {@code svc-01} leaks and exits on OutOfMemoryError every hour (a
 * leak masked by restarts); {@code svc-02} leaks outside the heap (its container nears
 * its limit). Every fourth healthy application rolls out a healthy version in the middle.
 * Values are deterministic: the same fleet gives the same series.
 *
 * @param pods how many pods (a multiple of 20, at least 60)
 * @param troubles whether {@code svc-01} and {@code svc-02} have their troubles (else
 * only the bad release differs from the healthy applications)
 * @param minutes how many minutes of samples
 * @param routes routes per pod
 * @param tasks tasks per pod
 * @param startSeconds the time of the first sample, in seconds since the epoch
 * @author memleak
 */
record SyntheticFleet(int pods, boolean troubles, int minutes, int routes, int tasks, long startSeconds) {

	/** Pods per application. */
	static final int PODS_PER_APPLICATION = 20;

	static final String NAMESPACE = "prod";

	/** The application whose new version leaks. */
	static final String BAD_RELEASE_APPLICATION = "svc-00";

	static final String BAD_RELEASE_VERSION = "2.0.0";

	/** The application whose JVMs leak and restart every hour. */
	static final String MASKED_APPLICATION = "svc-01";

	/** The application whose containers leak outside the heap. */
	static final String NATIVE_APPLICATION = "svc-02";

	/** Minutes before the end at which the bad release starts to roll out. */
	static final int BAD_RELEASE_BEFORE_END = 120;

	private static final double MIB = 1024 * 1024;

	private static final double HEAP_MAX = 1024 * MIB;

	private static final double CONTAINER_LIMIT = 1536 * MIB;

	private static final double NAN = Double.NaN;

	/** No sample at this minute (the target did not exist or was down). */
	static final double ABSENT = Double.longBitsToDouble(0x7ff8dead00000000L);

	private static final String[] STATUSES = { "OK", "WATCH", "SUSPECTED", "UNKNOWN" };

	private static final String[] NATIVE_CATEGORIES = { "class", "metaspace", "thread", "code", "gc", "compiler",
			"internal", "other", "symbol", "arena_chunk", "rest" };

	private static final String[] FOOTPRINT_CATEGORIES = { "direct_buffers", "mapped_buffers", "threads", "metaspace",
			"code_cache", "nmt_other", "untracked_native" };

	SyntheticFleet {
		if (pods < 3 * PODS_PER_APPLICATION || pods % PODS_PER_APPLICATION != 0) {
			throw new IllegalArgumentException("pods must be a multiple of 20, at least 60, but was " + pods);
		}
		if (minutes < BAD_RELEASE_BEFORE_END + 120) {
			throw new IllegalArgumentException("minutes must be at least 240, but was " + minutes);
		}
	}

	/**
	 * Return whether a sample value stands for no sample.
	 * @param value a value of {@link Series#value(int)}
	 * @return whether there is no sample
	 */
	static boolean isAbsent(double value) {
		return Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(ABSENT);
	}

	/**
	 * Return every pod of the fleet, replaced pods included.
	 * @return the pods, by application
	 */
	List<Pod> allPods() {
		List<Pod> all = new ArrayList<>();
		int applications = this.pods / PODS_PER_APPLICATION;
		int rollout = this.minutes - BAD_RELEASE_BEFORE_END;
		for (int a = 0; a < applications; a++) {
			String application = String.format("svc-%02d", a);
			Behaviour behaviour = switch (application) {
				case BAD_RELEASE_APPLICATION -> Behaviour.HEALTHY;
				case MASKED_APPLICATION -> this.troubles ? Behaviour.MASKED : Behaviour.HEALTHY;
				case NATIVE_APPLICATION -> this.troubles ? Behaviour.NATIVE : Behaviour.HEALTHY;
				default -> Behaviour.HEALTHY;
			};
			boolean badRelease = BAD_RELEASE_APPLICATION.equals(application);
			boolean healthyRollout = !badRelease && behaviour == Behaviour.HEALTHY && a % 4 == 3 && a > 2;
			int rolloutAt = badRelease ? rollout : healthyRollout ? this.minutes / 2 : Integer.MAX_VALUE;
			for (int p = 0; p < PODS_PER_APPLICATION; p++) {
				// One pod a minute replaces one of the old version.
				int replacedAt = (rolloutAt == Integer.MAX_VALUE) ? Integer.MAX_VALUE : rolloutAt + p;
				// A leak outside the heap starts 3 hours before the end.
				int leakFrom = Math.max(0, this.minutes - 180);
				int to = (replacedAt <= this.minutes) ? replacedAt + 1 : this.minutes + 1;
				all.add(new Pod(application, "1.0.0", String.format("%s-a-%03d", application, p), a, p, 0, to,
						behaviour, leakFrom));
				if (replacedAt <= this.minutes) {
					all.add(new Pod(application, badRelease ? BAD_RELEASE_VERSION : "1.1.0",
							String.format("%s-b-%03d", application, p), a, p + PODS_PER_APPLICATION, replacedAt,
							this.minutes + 1, badRelease ? Behaviour.LEAKING : Behaviour.HEALTHY, leakFrom));
				}
			}
		}
		return all;
	}

	/**
	 * Return the metric families of the fleet, each with the series of every pod.
	 * @return the series by metric name, in a stable order
	 */
	Map<String, List<Series>> families() {
		Map<String, List<Series>> families = new LinkedHashMap<>();
		for (Pod pod : allPods()) {
			for (Series series : pod.series(this)) {
				families.computeIfAbsent(series.name(), (name) -> new ArrayList<>()).add(series);
			}
		}
		return families;
	}

	/**
	 * How a pod's memory behaves.
	 */
	enum Behaviour {

		/** Flat live set after warm-up, the detector OK (WATCH now and then). */
		HEALTHY,

		/**
		 * The live set grows 3 MiB a minute; the detector suspects a leak after 40 min.
		 */
		LEAKING,

		/** A leak that fills the heap in an hour; the JVM exits (code 3) and restarts. */
		MASKED,

		/** Flat heap, native memory growing toward the container's limit. */
		NATIVE

	}

	/**
	 * One pod: its labels and the minutes it exists.
	 *
	 * @param application the application
	 * @param version the version it runs
	 * @param name the pod's name
	 * @param applicationIndex the application's number
	 * @param index the pod's number in its application
	 * @param from the first minute it is scraped
	 * @param to the minute after the last one
	 * @param behaviour how its memory behaves
	 * @param leakFrom the minute a leak outside the heap starts
	 * ({@link Behaviour#NATIVE})
	 */
	record Pod(String application, String version, String name, int applicationIndex, int index, int from, int to,
			Behaviour behaviour, int leakFrom) {

		private static final int RESTART_EVERY = 60;

		Map<String, String> labels() {
			Map<String, String> labels = new LinkedHashMap<>();
			labels.put("application", this.application);
			labels.put("container", "app");
			labels.put("instance",
					"10." + this.applicationIndex + "." + (this.index / 200) + "." + (this.index % 200) + ":8080");
			labels.put("job", this.application);
			labels.put("namespace", NAMESPACE);
			labels.put("pod", this.name);
			labels.put("version", this.version);
			return labels;
		}

		private Map<String, String> labels(String... more) {
			Map<String, String> labels = labels();
			for (int i = 0; i < more.length; i += 2) {
				labels.put(more[i], more[i + 1]);
			}
			return labels;
		}

		private Map<String, String> kubernetes(String job, String... more) {
			Map<String, String> labels = new LinkedHashMap<>();
			labels.put("container", "app");
			labels.put("job", job);
			labels.put("namespace", NAMESPACE);
			labels.put("pod", this.name);
			for (int i = 0; i < more.length; i += 2) {
				labels.put(more[i], more[i + 1]);
			}
			return labels;
		}

		boolean exists(int minute) {
			return minute >= this.from && minute < this.to && !isRestarting(minute);
		}

		/** The minute this pod's current JVM started (restarts in place). */
		int processStart(int minute) {
			if (this.behaviour != Behaviour.MASKED) {
				return this.from;
			}
			int phase = (this.index * 7) % RESTART_EVERY;
			int k = Math.floorDiv(minute + phase, RESTART_EVERY);
			return Math.max(this.from, k * RESTART_EVERY - phase);
		}

		int restarts(int minute) {
			return (this.behaviour != Behaviour.MASKED) ? 0
					: (processStart(minute) - processStart(this.from)) / RESTART_EVERY;
		}

		private boolean isRestarting(int minute) {
			// A masked leak's JVM dies the minute before its successor starts.
			return this.behaviour == Behaviour.MASKED && processStart(minute + 1) == minute + 1 && minute + 1 < this.to
					&& minute + 1 > this.from;
		}

		int age(int minute) {
			return minute - processStart(minute);
		}

		private double noise(int minute, int salt) {
			long h = (this.name.hashCode() * 31L + minute) * 1_000_003L + salt;
			h ^= (h >>> 29);
			h *= 0x9E3779B97F4A7C15L;
			return ((h >>> 11) % 2001) / 1000.0 - 1.0;
		}

		double live(int minute) {
			int age = age(minute);
			if (age < 2) {
				return NAN;
			}
			double base = (180 + 20 * (this.index % 5)) * MIB;
			return switch (this.behaviour) {
				case LEAKING -> base + 3 * MIB * age;
				case MASKED -> 200 * MIB + (800 * MIB) * Math.min(1.0, (age - 2) / 56.0);
				default -> base * (1 + 0.02 * noise(minute, 1)) + Math.min(age, 20) * 2 * MIB;
			};
		}

		private int status(int minute) {
			int age = age(minute);
			if (age < 5) {
				return 3;
			}
			if (this.behaviour == Behaviour.LEAKING) {
				return (age >= 40) ? 2 : (age >= 20) ? 1 : 0;
			}
			// Now and then a healthy pod's detector says WATCH for 10 minutes.
			return ((minute / 10 + this.index) % 37 == 0) ? 1 : 0;
		}

		private double growth(int minute) {
			if (age(minute) < 10) {
				return NAN;
			}
			return switch (this.behaviour) {
				case LEAKING -> 3 * MIB / 60;
				case MASKED -> 800 * MIB / 56 / 60;
				default -> 500 * noise(minute, 2);
			};
		}

		private double exhaustion(int minute) {
			if (status(minute) != 2) {
				return NAN;
			}
			return (HEAP_MAX - live(minute)) / (3 * MIB / 60);
		}

		private double workingSet(int minute) {
			double heapCommitted = Math.min(HEAP_MAX, Math.max(512 * MIB, live(minute) * 1.6));
			double outside = 260 * MIB + nativeLeak(minute);
			return (Double.isNaN(heapCommitted) ? 512 * MIB : heapCommitted) + outside;
		}

		private double nativeLeak(int minute) {
			return (this.behaviour == Behaviour.NATIVE && minute > this.leakFrom) ? 2 * MIB * (minute - this.leakFrom)
					: 0;
		}

		private double containerExhaustion(int minute) {
			if (this.behaviour != Behaviour.NATIVE || minute - this.leakFrom < 30) {
				return NAN;
			}
			return Math.max(0, (CONTAINER_LIMIT - workingSet(minute)) / (2 * MIB / 60));
		}

		List<Series> series(SyntheticFleet fleet) {
			List<Series> all = new ArrayList<>();
			for (int s = 0; s < STATUSES.length; s++) {
				int status = s;
				all.add(gauge("memleak_leak_status", labels("status", STATUSES[s]),
						(m) -> (status(m) == status) ? 1 : 0));
			}
			all.add(gauge("memleak_leak_suspected", labels(), (m) -> (status(m) == 2) ? 1 : 0));
			all.add(gauge("memleak_heap_live_bytes", labels(), this::live));
			all.add(gauge("memleak_heap_growth_bytes_per_second", labels(), this::growth));
			all.add(gauge("memleak_heap_growth_confidence", labels(),
					(m) -> (status(m) == 2) ? 0.99 : Double.isNaN(growth(m)) ? NAN : 0.4));
			all.add(gauge("memleak_heap_exhaustion_seconds", labels(), this::exhaustion));
			all.add(gauge("jvm_gc_max_data_size_bytes", labels(), (m) -> HEAP_MAX));
			all.add(gauge("jvm_gc_live_data_size_bytes", labels(), (m) -> 0));
			all.add(gauge("jvm_gc_overhead", labels(), (m) -> (this.behaviour == Behaviour.MASKED && age(m) > 45) ? 0.3
					: 0.01 + 0.01 * Math.abs(noise(m, 3))));
			all.add(gauge("process_start_time_seconds", labels(), (m) -> fleet.seconds(processStart(m))));
			all.add(gauge("up", labels(), (m) -> 1));
			for (int r = 0; r < fleet.routes(); r++) {
				String method = (r % 5 == 4) ? "POST" : "GET";
				String uri = "/api/r" + r + "/{id}";
				double perSecond = 2.0 + r % 7;
				double bytes = 4096.0 * (1 + r % 9) + ((this.behaviour == Behaviour.LEAKING && r == 0) ? 16384 : 0);
				all.add(counter("memleak_request_allocated_bytes_total", labels("method", method, "uri", uri),
						(m) -> perSecond * bytes * 60 * age(m)));
				all.add(counter(
						"http_server_requests_seconds_count", labels("error", "none", "exception", "none", "method",
								method, "outcome", "SUCCESS", "status", "200", "uri", uri),
						(m) -> perSecond * 60 * age(m)));
			}
			for (int t = 0; t < fleet.tasks(); t++) {
				String task = "Job" + t + ".run";
				double bytes = MIB * (1 + t);
				all.add(counter("memleak_task_allocated_bytes_total", labels("task", task), (m) -> bytes * age(m)));
				all.add(counter("memleak_task_executions_total", labels("outcome", "SUCCESS", "task", task),
						this::age));
			}
			for (int rank = 1; rank <= 5; rank++) {
				int r = rank;
				all.add(gauge("memleak_suspect_bytes", labels("class", "com.example.Cache" + rank, "rank", "" + rank),
						(m) -> (age(m) > 15) ? (60 - 10 * r) * MIB : ABSENT));
			}
			all.add(counter("memleak_snapshot_duration_seconds_count", labels("mode", "live", "outcome", "SUCCESS"),
					(m) -> age(m) / 60));
			all.add(gauge("memleak_snapshot_duration_seconds_max", labels("mode", "live", "outcome", "SUCCESS"),
					(m) -> 0.12));
			for (String component : new String[] { "request", "task", "heap", "snapshot", "sites" }) {
				all.add(counter("memleak_errors_total", labels("component", component), (m) -> 0));
			}
			String[][] pools = { { "heap", "G1 Eden Space" }, { "heap", "G1 Old Gen" }, { "heap", "G1 Survivor Space" },
					{ "nonheap", "Metaspace" }, { "nonheap", "CodeHeap 'non-profiled nmethods'" },
					{ "nonheap", "Compressed Class Space" } };
			for (String[] pool : pools) {
				double share = pool[1].contains("Old") ? 1.0 : 0.1;
				all.add(gauge("jvm_memory_used_bytes", labels("area", pool[0], "id", pool[1]),
						(m) -> pool[0].equals("heap") ? share * (Double.isNaN(live(m)) ? 100 * MIB : live(m))
								: 40 * MIB));
			}
			all.add(gauge("jvm_memory_committed_bytes", labels("area", "heap", "id", "G1 Old Gen"),
					(m) -> workingSet(m) - 260 * MIB));
			all.add(counter("jvm_gc_pause_seconds_sum",
					labels("action", "end of minor GC", "cause", "G1 Evacuation Pause", "gc", "G1 Young Generation"),
					(m) -> 0.5 * age(m)));
			all.add(gauge("jvm_buffer_memory_used_bytes", labels("id", "direct"), (m) -> 2 * MIB));
			all.add(gauge("jvm_classes_loaded_classes", labels(), (m) -> 14000));
			all.add(gauge("jvm_threads_live_threads", labels(), (m) -> 40));
			all.add(gauge("memleak_process_resident_bytes", labels(), this::workingSet));
			all.add(gauge("memleak_container_working_set_bytes", labels(), this::workingSet));
			all.add(gauge("memleak_container_limit_bytes", labels(), (m) -> CONTAINER_LIMIT));
			for (String category : NATIVE_CATEGORIES) {
				all.add(gauge("memleak_native_committed_bytes", labels("category", category), (m) -> 20 * MIB));
			}
			all.add(gauge("memleak_native_untracked_bytes", labels(), (m) -> 40 * MIB + nativeLeak(m)));
			all.add(gauge("memleak_container_exhaustion_seconds", labels(), this::containerExhaustion));
			for (String category : FOOTPRINT_CATEGORIES) {
				boolean leaking = this.behaviour == Behaviour.NATIVE && category.equals("untracked_native");
				all.add(gauge("memleak_footprint_suspected", labels("category", category),
						(m) -> (leaking && m - this.leakFrom >= 30) ? 1 : 0));
			}
			// kube-state-metrics, cAdvisor and the kubelet's probe results
			all.add(kube("kube_pod_container_status_restarts_total", kubernetes("kube-state-metrics"), this::restarts));
			if (this.behaviour == Behaviour.MASKED) {
				all.add(kube("kube_pod_container_status_last_terminated_reason",
						kubernetes("kube-state-metrics", "reason", "Error"), (m) -> (restarts(m) > 0) ? 1 : ABSENT));
				all.add(kube("kube_pod_container_status_last_terminated_exitcode", kubernetes("kube-state-metrics"),
						(m) -> (restarts(m) > 0) ? 3 : ABSENT));
			}
			all.add(kube("kube_pod_container_resource_limits",
					kubernetes("kube-state-metrics", "resource", "memory", "unit", "byte"), (m) -> CONTAINER_LIMIT));
			all.add(kube("container_memory_working_set_bytes", kubernetes("kubelet", "id", "/kubepods/" + this.name),
					this::workingSet));
			all.add(kube("prober_probe_total", kubernetes("kubelet", "probe_type", "Liveness", "result", "successful"),
					(m) -> 6.0 * (m - this.from)));
			all.add(kube("prober_probe_total", kubernetes("kubelet", "probe_type", "Liveness", "result", "failed"),
					(m) -> 0));
			return all;
		}

		private Series gauge(String name, Map<String, String> labels, IntToDoubleFunction value) {
			return new Series(name, labels, (m) -> exists(m) ? value.applyAsDouble(m) : ABSENT);
		}

		private Series counter(String name, Map<String, String> labels, IntToDoubleFunction value) {
			return gauge(name, labels, value);
		}

		private Series kube(String name, Map<String, String> labels, IntToDoubleFunction value) {
			// Kubernetes reports the container while the JVM restarts.
			return new Series(name, labels, (m) -> (m >= this.from && m < this.to) ? value.applyAsDouble(m) : ABSENT);
		}

	}

	long seconds(int minute) {
		return this.startSeconds + 60L * minute;
	}

	/**
	 * One series: a metric name, its labels, and its value at each minute.
	 *
	 * @param name the metric name
	 * @param labels the labels
	 * @param values the value at each minute, {@link #ABSENT} for no sample
	 */
	record Series(String name, Map<String, String> labels, IntToDoubleFunction values) {

		double value(int minute) {
			return this.values.applyAsDouble(minute);
		}

		String selector() {
			StringBuilder selector = new StringBuilder(this.name).append('{');
			this.labels.entrySet()
				.stream()
				.sorted(Map.Entry.comparingByKey())
				.forEach((
						label) -> selector.append(label.getKey()).append("=\"").append(label.getValue()).append("\","));
			selector.setLength(selector.length() - 1);
			return selector.append('}').toString();
		}

	}

}
