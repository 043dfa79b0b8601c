/* The count guest's WASI preview 1 path (lib/p1.h, lib/count.h). */
#include "lib/p1.h"
