/** The service-provider interface a backend implements to be found by {@link dev.fawkes.Cloakers}. */
package dev.fawkes.spi;
