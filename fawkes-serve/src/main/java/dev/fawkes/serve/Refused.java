package dev.fawkes.serve;

import java.util.Map;

/** A request refused with a status, a message for its sender and headers; answered as JSON. */
final class Refused extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final transient Map<String, String> headers;

  Refused(int status, String message) {
    this(status, message, Map.of());
  }

  Refused(int status, String message, Map<String, String> headers) {
    super(message, null, false, false); // an answer, not a failure: no stack trace
    this.status = status;
    this.headers = headers;
  }
}
