/**
 * {@code fawkes serve}: {@link dev.fawkes.serve.FawkesServer}, a local web page for people and an
 * HTTP API for services ({@code POST /api/v1/cloak}), with one shared cloaker behind a bounded queue.
 */
package dev.fawkes.serve;
