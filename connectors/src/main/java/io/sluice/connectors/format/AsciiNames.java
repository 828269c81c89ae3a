package io.sluice.connectors.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Finds which of a fixed list of names a run of ASCII bytes spells, without making a String of it. */
final class AsciiNames {
  private final byte[][] slots;
  private final int[] indices;
  private final int mask;

  /** The names, each found as its index in {@code names}; a name that is not ASCII is never found. */
  AsciiNames(List<String> names) {
    int size = Integer.highestOneBit(Math.max(4, names.size() * 4) - 1) << 1;
    slots = new byte[size][];
    indices = new int[size];
    mask = size - 1;
    for (int i = 0; i < names.size(); i++) {
      byte[] name = names.get(i).getBytes(StandardCharsets.ISO_8859_1);
      if (!isAscii(names.get(i)) || find(name, 0, name.length) >= 0) continue; // the first of equal names wins
      int slot = hash(name, 0, name.length) & mask;
      while (slots[slot] != null) slot = (slot + 1) & mask;
      slots[slot] = name;
      indices[slot] = i;
    }
  }

  /** The index of the name {@code bytes[from, to)} spells, or -1. */
  int find(byte[] bytes, int from, int to) {
    for (int slot = hash(bytes, from, to) & mask; slots[slot] != null; slot = (slot + 1) & mask) {
      if (Arrays.equals(slots[slot], 0, slots[slot].length, bytes, from, to)) return indices[slot];
    }
    return -1;
  }

  private static int hash(byte[] bytes, int from, int to) {
    int hash = 0;
    for (int at = from; at < to; at++) hash = 31 * hash + bytes[at];
    return hash ^ (hash >>> 16);
  }

  private static boolean isAscii(String name) {
    return name.chars().allMatch(c -> c < 0x80);
  }
}
