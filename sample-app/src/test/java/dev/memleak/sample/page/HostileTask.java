package dev.memleak.sample.page;

import java.lang.invoke.MethodHandles;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.springframework.asm.ClassWriter;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;

/**
 * A task that keeps itself forever when it runs, so that its class leaks. Its subclasses
 * are generated at runtime with names that Java source cannot spell but the JVM accepts:
 * markup and script, to prove that a class name or task name is shown as text.
 *
 * @author memleak
 */
public class HostileTask implements Runnable {

	static final Queue<HostileTask> RETAINED = new ConcurrentLinkedQueue<>();

	// Fields make each instance 96 bytes, so that the class soon ranks among the largest
	// of a heap snapshot.
	long a;

	long b;

	long c;

	long d;

	long e;

	long f;

	long g;

	long h;

	long i;

	long j;

	@Override
	public void run() {
		RETAINED.add(this);
	}

	/**
	 * Define a subclass in this package with a name of choice.
	 * @param simpleName the class's simple name: anything without {@code .}, {@code ;},
	 * {@code [} or {@code /}
	 * @return the class
	 */
	static Class<? extends HostileTask> defineSubclass(String simpleName) throws IllegalAccessException {
		String superName = HostileTask.class.getName().replace('.', '/');
		String name = HostileTask.class.getPackageName().replace('.', '/') + "/" + simpleName;
		ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
		writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, superName, null);
		MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
		constructor.visitCode();
		constructor.visitVarInsn(Opcodes.ALOAD, 0);
		constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "()V", false);
		constructor.visitInsn(Opcodes.RETURN);
		constructor.visitMaxs(0, 0);
		constructor.visitEnd();
		writer.visitEnd();
		return MethodHandles.lookup().defineClass(writer.toByteArray()).asSubclass(HostileTask.class);
	}

}
