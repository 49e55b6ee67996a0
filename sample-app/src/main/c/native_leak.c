/*
 * The sample's native leak (sample.footprint.leak=native): memory malloc'ed by a JNI
 * library and never freed, which Native Memory Tracking does not see. Build it with
 *   gcc -shared -fPIC -O2 -I"$JAVA_HOME/include" -I"$JAVA_HOME/include/linux" \
 *       -o libmemleaksample.so sample-app/src/main/c/native_leak.c
 * and start the sample with --sample.footprint.native-library=/path/to/libmemleaksample.so
 */
#include <jni.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

JNIEXPORT jlong JNICALL Java_dev_memleak_sample_NativeAllocator_allocate(JNIEnv *env, jclass type, jlong bytes) {
	void *block = malloc((size_t) bytes);
	if (block != NULL) {
		/* Touch every page so that the block is resident, as used memory is. */
		memset(block, 1, (size_t) bytes);
	}
	return (jlong) (intptr_t) block;
}
