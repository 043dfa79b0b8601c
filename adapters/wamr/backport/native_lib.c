/*
 * The --native-lib entry. iwasm's contract registers one module per library
 * (get_native_lib returns one name), and the back-port has ten, so get_native_lib
 * registers nine itself with wasm_runtime_register_natives (which a --native-lib library
 * may call: iwasm and wasmcert's launcher export the wasm_runtime_* API to it) and returns
 * the tenth. One library, so one handle table that every interface shares.
 */
#include "backport.h"

#include <stdio.h>

static const struct native_module *const registered_here[] = {
    &network_module, &tcp_create_socket_module, &udp_create_socket_module, &tcp_module, &udp_module,
    &ip_name_lookup_module, &poll_module, &error_module, &streams_module,
};

__attribute__((visibility("default"))) uint32_t get_native_lib(char **module_name, NativeSymbol **native_symbols)
{
    static int done;
    if (!done) {
        done = 1;
        load_policy();
        for (size_t i = 0; i < sizeof registered_here / sizeof registered_here[0]; i++) {
            const struct native_module *m = registered_here[i];
            if (!wasm_runtime_register_natives(m->name, m->symbols, m->n)) {
                fprintf(stderr, "backport: cannot register %s\n", m->name);
                return 0;
            }
        }
    }
    *module_name = (char *)instance_network_module.name;
    *native_symbols = instance_network_module.symbols;
    return instance_network_module.n;
}
