package dev.memleak.footprint;

import org.jspecify.annotations.Nullable;

/**
 * The process's memory as the kernel counts it ({@code /proc/self/status}).
 *
 * @param residentBytes resident memory ({@code VmRSS})
 * @param anonBytes resident anonymous memory ({@code RssAnon}), or {@code null} on
 * kernels before 4.5
 * @param fileBytes resident file mappings ({@code RssFile}), or {@code null}
 * @param threads the process's threads, the JVM's own included ({@code Threads})
 * @author memleak
 */
public record ProcessMemory(long residentBytes, @Nullable Long anonBytes, @Nullable Long fileBytes,
		@Nullable Integer threads) {

}
