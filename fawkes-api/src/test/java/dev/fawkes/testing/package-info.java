/**
 * Tests any backend can reuse, shipped in the {@code fawkes-api} test jar. The entry point is
 * {@link dev.fawkes.testing.CloakerContract}: extend it and say how to create the cloaker.
 */
package dev.fawkes.testing;
