/**
 * Per-request allocation: a servlet filter that measures the bytes each request thread
 * allocates, recorded per route with bounded cardinality.
 */
package dev.memleak.request;
