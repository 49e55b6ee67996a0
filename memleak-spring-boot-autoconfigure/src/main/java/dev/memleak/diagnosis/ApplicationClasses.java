package dev.memleak.diagnosis;

import java.util.List;

import dev.memleak.core.OwnPackages;
import dev.memleak.sites.TypeNames;

/**
 * Tells the application's own classes from the JDK's and the frameworks', by the same
 * package prefixes that fold framework frames in leak sites
 * ({@code memleak.sites.framework-packages}), and memleak's own packages. A JDK class
 * that grows ({@code java.lang.invoke.MemberName} while lambdas warm up, say) is reported
 * after the application's, and is never tied to a site by elimination.
 *
 * @author memleak
 */
final class ApplicationClasses {

	private final List<String> frameworkPackages;

	/**
	 * Create an instance.
	 * @param frameworkPackages package prefixes of the JDK and frameworks
	 */
	ApplicationClasses(List<String> frameworkPackages) {
		this.frameworkPackages = OwnPackages.withFrameworkPackages(frameworkPackages);
	}

	/**
	 * Whether a class, or the element class of an array class, is the application's.
	 * @param jvmName the JVM's name, such as {@code com.example.Order} or
	 * {@code [Lcom.example.Order;}
	 * @return {@code false} for framework classes, memleak's own and primitive arrays
	 */
	boolean isApplication(String jvmName) {
		String element = TypeNames.readable(jvmName).replace("[]", "");
		if (element.indexOf('.') < 0) {
			return false;
		}
		for (String prefix : this.frameworkPackages) {
			if (element.startsWith(prefix)) {
				return false;
			}
		}
		return true;
	}

}
