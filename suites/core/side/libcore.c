// wasmcert-cflags: -fPIC -shared -nostdlib -fvisibility=default -Wl,--experimental-pic -Wl,--no-entry -Wl,--unresolved-symbols=import-dynamic
/*
 * A side module (tool-conventions DynamicLinking): its data is placed at the
 * __memory_base the loader gives it, so every pointer stored in its data is a
 * relocation applied by __wasm_apply_data_relocs at load time.
 */
extern int main_scale;   /* data of the main module: reached through GOT.mem */
int main_twice(int x);   /* a function of the main module: an env import */

int side_counter = 7;
int *side_counter_ptr = &side_counter; /* relocation against its own data */
int *main_scale_ptr = &main_scale;     /* relocation against the main module's data */
static const char greeting[] = "hello from side";
const char *side_greeting = greeting;  /* relocation against its own read-only data */

int side_add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
int (*side_add_ptr)(int, int) = side_add; /* an exported function: through GOT.func */
int (*side_sub_ptr)(int, int) = sub;      /* a local function: a slot above __table_base */

int side_bump(void) { return ++side_counter; }
int side_scaled(int x) { return main_twice(x) * main_scale; }
