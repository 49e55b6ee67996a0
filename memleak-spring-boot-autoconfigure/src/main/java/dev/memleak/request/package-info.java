/**
 * Per-request allocation: a servlet filter and a WebFlux filter that measure the bytes
 * each request's thread allocates, where that is exact, recorded per route with bounded
 * cardinality.
 */
package dev.memleak.request;
