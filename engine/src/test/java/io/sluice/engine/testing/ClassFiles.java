package io.sluice.engine.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The compiled classes of a module, and the classes each one refers to, read from their constant pools. */
public final class ClassFiles {
  private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

  private ClassFiles() {}

  /** The folder (target/classes) that {@code member} was loaded from. */
  public static Path folderOf(Class<?> member) {
    try {
      return Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every class file below {@code folder}. */
  public static List<Path> under(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The binary name ({@code a.b.C$D}) of a class file below {@code folder}. */
  public static String className(Path folder, Path classFile) {
    String relative = folder.relativize(classFile).toString().replace('\\', '/');
    return relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
  }

  /**
   * Binary names of the classes a class file refers to: its class constants and every type named in a descriptor or
   * signature (fields, methods, generics, annotations), which covers imports that compile to a reference.
   */
  public static Set<String> referencedClasses(Path classFile) {
    try (InputStream in = Files.newInputStream(classFile)) {
      return referencedClasses(new DataInputStream(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> referencedClasses(DataInputStream in) throws IOException {
    if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> classEntries = new java.util.ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classEntries.add(in.readUnsignedShort());
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 15 -> { in.readUnsignedByte(); in.readUnsignedShort(); }
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 5, 6 -> { in.readLong(); i++; }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    Set<String> found = new TreeSet<>();
    for (int index : classEntries) {
      String name = utf8[index];
      if (name.startsWith("[")) addDescriptorTypes(name, found);
      else found.add(name.replace('/', '.'));
    }
    for (String text : utf8) if (text != null && (text.contains("L") && text.contains(";"))) addDescriptorTypes(text, found);
    return found;
  }

  private static void addDescriptorTypes(String descriptor, Set<String> found) {
    Matcher m = TYPE_IN_DESCRIPTOR.matcher(descriptor);
    while (m.find()) found.add(m.group(1).replace('/', '.'));
  }
}
