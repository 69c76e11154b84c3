/**
 * The {@code fawkes} command line. The entry point is {@link dev.fawkes.cli.Fawkes}, whose
 * subcommands each live in their own class; {@link dev.fawkes.cli.Json} writes the reports.
 */
package dev.fawkes.cli;
