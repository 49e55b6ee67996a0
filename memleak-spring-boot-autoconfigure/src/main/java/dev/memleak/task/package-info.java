/**
 * Background work: the bytes, duration and outcome of every {@code @Async} method,
 * {@code @Scheduled} job and executor task, recorded per task name with bounded
 * cardinality, in applications with or without a web server.
 */
package dev.memleak.task;
