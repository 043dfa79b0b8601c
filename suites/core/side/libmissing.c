// wasmcert-cflags: -fPIC -shared -nostdlib -fvisibility=default -Wl,--experimental-pic -Wl,--no-entry -Wl,--unresolved-symbols=import-dynamic
/* A side module needing a function nobody defines: loading it must fail cleanly. */
int side_undefined_function(int x);

int side_calls_missing(int x) { return side_undefined_function(x) + 1; }
