/**
 * Reports of cloaked photos, in one shape wherever photos are cloaked (command line, pipelines,
 * HTTP): {@link dev.fawkes.report.PhotoReport} builds a photo's entry, {@link dev.fawkes.report.Json}
 * writes it, indented or as a JSON line.
 */
package dev.fawkes.report;
