// wasmcert-cflags: -mexec-model=reactor
/*
 * exports.c with a faulty cabi_realloc (same WIT, same world `guest`): for align >= 2 it
 * returns a misaligned pointer, for a non-empty align-1 request a pointer 1 byte before the
 * end of memory (the bytes run past the end), for a zero-size one a pointer 1 byte past the
 * end. The host must check every pointer realloc returns, alignment and bounds, even for
 * zero-size allocations, and trap (component-model.md section 1).
 */
#define BAD_REALLOC 1
#include "exports.c"
