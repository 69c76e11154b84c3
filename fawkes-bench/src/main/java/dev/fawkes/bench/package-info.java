/**
 * Measurements on the shared LFW data: recognition accuracy of each model (later: JMH benchmarks of
 * the optimization loop and the protection evaluation).
 */
package dev.fawkes.bench;
