// wasmcert-cflags: -fPIC -shared -nostdlib -fvisibility=default -Wl,--experimental-pic -Wl,--no-entry
/* The side module of the core.dynamic-loading probe (tool-conventions DynamicLinking). */
int probe_base = 2;
int probe_add(int a, int b) { return a + b + probe_base - 2; }
