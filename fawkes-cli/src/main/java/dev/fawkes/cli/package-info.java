/**
 * The {@code fawkes} command line. The entry point is {@link dev.fawkes.cli.Fawkes}, whose
 * subcommands each live in their own class; reports are written with {@link dev.fawkes.report.Json}.
 */
package dev.fawkes.cli;
