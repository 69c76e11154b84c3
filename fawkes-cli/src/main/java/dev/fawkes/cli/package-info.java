/** The {@code fawkes} command line. */
package dev.fawkes.cli;
