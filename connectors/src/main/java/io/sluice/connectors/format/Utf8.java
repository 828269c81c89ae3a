package io.sluice.connectors.format;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/** Strict and lenient UTF-8 decoding of record bytes. */
final class Utf8 {
  private Utf8() {}

  /** The text of {@code bytes}, refusing malformed UTF-8 rather than replacing it. */
  static String strict(ByteString bytes) throws MalformedRecordException {
    byte[] array = bytes.toArrayUnsafe();
    ByteBuffer input = ByteBuffer.wrap(array, 0, bytes.size());
    // UTF-8 never decodes to more chars than it has bytes.
    CharBuffer output = CharBuffer.allocate(bytes.size());
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CoderResult result = decoder.decode(input, output, true);
    if (result.isError()) {
      throw new MalformedRecordException(
          "not valid UTF-8 (at byte " + (input.position() + 1) + ")");
    }
    decoder.flush(output);
    return output.flip().toString();
  }

  /** At most {@code maxBytes} of {@code bytes} as text, cut before a character's first byte. */
  static String prefix(ByteString bytes, int maxBytes) {
    if (bytes.size() <= maxBytes) return bytes.utf8String();
    int end = maxBytes;
    while (end > 0 && (bytes.apply(end) & 0xC0) == 0x80) end--;
    return bytes.take(end).utf8String();
  }

  /** {@code text} shortened, if needed, to at most {@code maxBytes} of UTF-8. */
  static String prefix(String text, int maxBytes) {
    // Every char takes at most 3 bytes (a surrogate pair takes 4 for two chars).
    if (text.length() * 3L <= maxBytes) return text;
    return prefix(ByteString.fromString(text), maxBytes);
  }
}
