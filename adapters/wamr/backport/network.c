/* wasi:sockets/instance-network and network: the network is a capability token only; the
 * policy (policy.c) is what decides which addresses a socket may use. */
#include "backport.h"

static int32_t instance_network(wasm_exec_env_t env)
{
    (void)env;
    return new_handle((struct res){.kind = K_NETWORK});
}
static void network_drop(wasm_exec_env_t env, int32_t h) { drop(env, h, K_NETWORK); }

static NativeSymbol instance_network_symbols[] = {SYM("instance-network", instance_network, "()i")};
static NativeSymbol network_symbols[] = {SYM("[resource-drop]network", network_drop, "(i)")};
const struct native_module instance_network_module = MODULE("wasi:sockets/instance-network", instance_network_symbols);
const struct native_module network_module = MODULE("wasi:sockets/network", network_symbols);
