package dev.fawkes.cli;

import dev.fawkes.Preset;
import dev.fawkes.serve.FawkesServer;
import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fawkes serve}: the web page and the HTTP API, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serves a web page to cloak photos in the browser, and an HTTP API for services "
        + "(POST /api/v1/cloak), until stopped with Ctrl-C.",
    footer = {"", "Examples:",
        "  fawkes serve",
        "  FAWKES_TOKEN=... fawkes serve --bind 0.0.0.0 --port 8080 --no-browser",
        "  curl -H \"Authorization: Bearer $TOKEN\" -F photos=@me.jpg -F mode=low -o me_cloaked.png \\",
        "       http://127.0.0.1:8080/api/v1/cloak"})
final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this computer only); any other needs --token.")
  private String bind;

  @Option(names = "--no-browser", description = "Do not open the page in a browser.")
  private boolean noBrowser;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:" + FawkesServer.TOKEN_ENV + "}",
      description = "The token the API requires (Authorization: Bearer TOKEN), at least 16 characters; "
          + "default: $" + FawkesServer.TOKEN_ENV + ", else a random one per start.")
  private String token;

  @Option(names = "--queue", defaultValue = "4", description = "Requests that may wait for the cloaker (default: ${DEFAULT-VALUE}).")
  private int queue;

  @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "300",
      description = "Longest a request may be cloaked; past it, it is stopped and answered 504 (default: ${DEFAULT-VALUE}).")
  private int timeLimit;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    FawkesServer server;
    try {
      server = FawkesServer.builder().port(port).bind(bind).token(token).queueSize(queue)
          .timeLimit(Duration.ofSeconds(timeLimit)).preset(Preset.LOW).build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    out.println("fawkes: loading the models...");
    out.flush();
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "fawkes-serve-shutdown"));
    out.println("fawkes: the page is at " + server.pageUrl());
    out.println("fawkes: API token: " + server.token() + " (send it as 'Authorization: Bearer TOKEN')");
    out.println("fawkes: stop with Ctrl-C");
    out.flush();
    if (!noBrowser) {
      openBrowser(server.pageUrl(), spec.commandLine().getErr());
    }
    server.awaitClose();
    return 0;
  }

  /** Opens the page where a desktop browser exists; says so where it cannot. */
  private static void openBrowser(String url, PrintWriter err) {
    try {
      if (!GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
          && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
        Desktop.getDesktop().browse(URI.create(url));
        return;
      }
      // Linux desktops that AWT does not know (it wants GNOME's libraries): xdg-open, if a display is there.
      if ((System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null) && onPath("xdg-open")) {
        new ProcessBuilder("xdg-open", url).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return;
      }
    } catch (Exception e) { // no browser to open is no error: the address is printed
      err.println("fawkes: could not open a browser (" + e.getMessage() + ")");
      return;
    }
    err.println("fawkes: no browser to open here; open " + url + " yourself");
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
        .anyMatch(dir -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, program)));
  }
}
