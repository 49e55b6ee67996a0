package dev.memleak.sample;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the bytes of a class with many large static methods ({@code iconst_0; pop}
 * repeated), whose metadata fills metaspace when a loader defines it: the class-loader
 * leak's payload. Defining it needs no verification; it is never linked.
 *
 * @author memleak
 */
final class GeneratedClass {

	private static final int JAVA_17 = 61;

	private GeneratedClass() {
	}

	/**
	 * Return the class's bytes.
	 * @param name the binary name with slashes, such as {@code dev/memleak/sample/Plugin}
	 * @param methods how many methods
	 * @param codeBytes bytecode per method, below 65535
	 * @return the class file
	 */
	static byte[] bytes(String name, int methods, int codeBytes) {
		try {
			ByteArrayOutputStream buffer = new ByteArrayOutputStream();
			DataOutputStream out = new DataOutputStream(buffer);
			out.writeInt(0xCAFEBABE);
			out.writeShort(0);
			out.writeShort(JAVA_17);
			// Constant pool: 1 name, 2 class, 3 Object, 4 class, 5 ()V, 6 Code, 7.. m0..
			out.writeShort(7 + methods);
			utf8(out, name);
			classRef(out, 1);
			utf8(out, "java/lang/Object");
			classRef(out, 3);
			utf8(out, "()V");
			utf8(out, "Code");
			for (int i = 0; i < methods; i++) {
				utf8(out, "m" + i);
			}
			out.writeShort(0x0001 | 0x0010);
			out.writeShort(2);
			out.writeShort(4);
			out.writeShort(0);
			out.writeShort(0);
			out.writeShort(methods);
			int pairs = (codeBytes - 1) / 2;
			for (int i = 0; i < methods; i++) {
				out.writeShort(0x0001 | 0x0008);
				out.writeShort(7 + i);
				out.writeShort(5);
				out.writeShort(1);
				out.writeShort(6);
				out.writeInt(12 + pairs * 2 + 1);
				out.writeShort(1);
				out.writeShort(0);
				out.writeInt(pairs * 2 + 1);
				for (int p = 0; p < pairs; p++) {
					out.writeByte(0x03);
					out.writeByte(0x57);
				}
				out.writeByte(0xB1);
				out.writeShort(0);
				out.writeShort(0);
			}
			out.writeShort(0);
			return buffer.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void utf8(DataOutputStream out, String value) throws IOException {
		out.writeByte(1);
		out.writeUTF(value);
	}

	private static void classRef(DataOutputStream out, int nameIndex) throws IOException {
		out.writeByte(7);
		out.writeShort(nameIndex);
	}

}
