package dev.fawkes.serve;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Lets through only requests from this server's own page or from a holder of the token, so that
 * another web site open in the same browser cannot drive the server: the {@code Host} must name
 * this server (DNS rebinding names another), an {@code Origin} must be this server's, and the API
 * wants the token. Adds the page's protective headers to every answer. Immutable and thread-safe.
 */
final class RequestGuard {
  private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");
  /** API paths that answer without the token: they tell nothing private. */
  private static final Set<String> OPEN = Set.of("/api/v1/health", "/api/v1/version");

  private final String bind;
  private final boolean loopback;
  private final Set<String> hosts;
  private final byte[] token;
  private final IntSupplier port;
  private final Supplier<String> pageUrl;

  RequestGuard(String bind, boolean loopback, Set<String> hosts, String token, IntSupplier port, Supplier<String> pageUrl) {
    this.bind = bind;
    this.loopback = loopback;
    this.hosts = Set.copyOf(hosts);
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.port = port;
    this.pageUrl = pageUrl;
  }

  /**
   * Checks one request, before its handler.
   *
   * @throws Refused 403 for a foreign Host, Origin or cross-site fetch; 401 for an API call without the token
   */
  void check(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
    ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
        + "img-src 'self' blob: data:; connect-src 'self' blob:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'");
    String path = ctx.path();
    boolean api = path.startsWith("/api/");
    String host = ctx.header("Host");
    // Bound to loopback, every request must name this server (DNS rebinding gives another name);
    // bound to a network, the API's token is what keeps others out, and the page stays loopback's.
    if ((loopback || !api) && !allowedHost(host)) {
      throw new Refused(403, "Host '" + host + "' is not this server's; use " + pageUrl.get());
    }
    String origin = ctx.header("Origin");
    if (origin != null && !origin.equals("http://" + host)) {
      throw new Refused(403, "requests from the page of another site (Origin " + origin + ") are refused");
    }
    if ("cross-site".equals(ctx.header("Sec-Fetch-Site"))) {
      throw new Refused(403, "cross-site requests are refused");
    }
    if (api && !OPEN.contains(path)) {
      String auth = ctx.header("Authorization");
      String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : "";
      if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token)) { // constant time
        throw new Refused(401, "a valid token is needed: send 'Authorization: Bearer TOKEN' (the token fawkes serve "
            + "printed, or the one given with --token)", Map.of("WWW-Authenticate", "Bearer"));
      }
    }
  }

  private boolean allowedHost(String host) {
    if (host == null) {
      return false;
    }
    int colon = host.lastIndexOf(':');
    if (colon < 0 || !host.substring(colon + 1).equals(String.valueOf(port.getAsInt()))) {
      return false;
    }
    String name = host.substring(0, colon).toLowerCase(Locale.ROOT);
    return LOOPBACK_NAMES.contains(name) || name.equals(bind) || name.equals("[" + bind + "]") || hosts.contains(name);
  }

  /**
   * {@return whether an address to bind to is a loopback one}
   *
   * @param bind an address or host name
   * @throws IllegalArgumentException if it names no address
   */
  static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot bind to '" + bind + "': unknown address", e);
    }
  }
}
