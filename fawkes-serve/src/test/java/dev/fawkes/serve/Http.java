package dev.fawkes.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A client of a running {@link FawkesServer} for tests: multipart uploads and raw requests. */
final class Http {
  final HttpClient client = HttpClient.newHttpClient();
  final String base;
  final String token;

  Http(FawkesServer server) {
    this.base = "http://127.0.0.1:" + server.port();
    this.token = server.token();
  }

  /** A multipart body: files (name to bytes) in field {@code photos}, and form fields. */
  static final class Form {
    final String boundary = "----fawkes" + UUID.randomUUID();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    Form file(String name, byte[] bytes) {
      write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"" + name
          + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
      body.writeBytes(bytes);
      write("\r\n");
      return this;
    }

    Form field(String name, String value) {
      write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
      return this;
    }

    byte[] bytes() {
      write("--" + boundary + "--\r\n");
      return body.toByteArray();
    }

    private void write(String s) {
      body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  HttpResponse<byte[]> post(String path, Form form, Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "multipart/form-data; boundary=" + form.boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()));
    withAuth(headers).forEach(b::header);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> post(String path, Form form) throws IOException, InterruptedException {
    return post(path, form, Map.of());
  }

  HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    withAuth(headers).forEach(b::header);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> delete(String path) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).DELETE();
    withAuth(Map.of()).forEach(b::header);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Headers with the token unless they name an Authorization of their own (empty: none at all). */
  private Map<String, String> withAuth(Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Authorization", "Bearer " + token);
    all.putAll(headers);
    all.values().removeIf(String::isEmpty);
    return all;
  }

  /** The status line of a GET sent over a socket with any Host header (HttpClient will not send one). */
  static String rawStatus(int port, String path, String host) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      return response.substring(0, response.indexOf("\r\n"));
    }
  }
}
