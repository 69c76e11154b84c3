package dev.fawkes.photo;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An image input stream over bytes in memory that stops a decoder which keeps reading past the end.
 * Some readers treat the end of the file as zeros and carry on; on a corrupt file that can loop for
 * ever (the fuzz test found a WebP that did). After {@value #MAX_READS_AT_END} reads at the end this
 * stream throws an unchecked exception, which the readers do not catch as they catch
 * {@code EOFException}.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {
  /** Far more than any decoder needs to notice the end; far fewer than a runaway loop makes. */
  static final int MAX_READS_AT_END = 10_000;

  private final byte[] data;
  private int readsAtEnd;

  ByteArrayImageInputStream(byte[] data) {
    this.data = data;
  }

  @Override
  public int read() throws java.io.IOException {
    checkClosed();
    bitOffset = 0;
    if (streamPos >= data.length) {
      atEnd();
      return -1;
    }
    return data[(int) streamPos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws java.io.IOException {
    checkClosed();
    bitOffset = 0;
    if (len == 0) {
      return 0;
    }
    if (streamPos >= data.length) {
      atEnd();
      return -1;
    }
    int n = (int) Math.min(len, data.length - streamPos);
    System.arraycopy(data, (int) streamPos, b, off, n);
    streamPos += n;
    return n;
  }

  @Override
  public long length() {
    return data.length;
  }

  private void atEnd() {
    if (++readsAtEnd > MAX_READS_AT_END) {
      throw new IllegalStateException("the decoder kept reading past the end of the file (corrupt or truncated)");
    }
  }
}
