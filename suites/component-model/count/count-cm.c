// wasmcert-cflags: -mexec-model=reactor
/* The count guest's component path: direct WASI 0.2.12 imports, hand-lowered (lib/cm.h, lib/count.h). */
#include "lib/cm.h"
