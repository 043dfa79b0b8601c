/* Results written where the guest asked (ret), in the Canonical ABI's layouts; and the
 * error-code an errno stands for. Each writer re-fetches its area: callers validated it
 * before any cabi_realloc, which may have moved memory since. */
#include "backport.h"

#include <errno.h>

int errno_code(int e)
{
    switch (e) {
    case EACCES: case EPERM: return EC_ACCESS_DENIED;
    case EOPNOTSUPP: case EAFNOSUPPORT: case EPROTONOSUPPORT: return EC_NOT_SUPPORTED;
    case EINVAL: case EDESTADDRREQ: return EC_INVALID_ARGUMENT;
    case ENOMEM: case ENOBUFS: return EC_OUT_OF_MEMORY;
    case ETIMEDOUT: return EC_TIMEOUT;
    case EALREADY: return EC_CONCURRENCY_CONFLICT;
    case EAGAIN: case EINPROGRESS: return EC_WOULD_BLOCK;
    case EISCONN: case ENOTCONN: return EC_INVALID_STATE;
    case EMFILE: case ENFILE: return EC_NEW_SOCKET_LIMIT;
    case EADDRNOTAVAIL: return EC_ADDRESS_NOT_BINDABLE;
    case EADDRINUSE: return EC_ADDRESS_IN_USE;
    case EHOSTUNREACH: case ENETUNREACH: case ENETDOWN: case EHOSTDOWN: return EC_REMOTE_UNREACHABLE;
    case ECONNREFUSED: return EC_CONNECTION_REFUSED;
    case ECONNRESET: case EPIPE: return EC_CONNECTION_RESET;
    case ECONNABORTED: return EC_CONNECTION_ABORTED;
    case EMSGSIZE: return EC_DATAGRAM_TOO_LARGE;
    default: return EC_UNKNOWN;
    }
}

/* result<_, error-code> (2 bytes); code is OK or an error-code */
void ret_unit(wasm_exec_env_t env, uint32_t ret, int code)
{
    uint8_t *p = area(env, ret, 2, 1);
    if (!p) return;
    put8(p, code >= 0);
    put8(p + 1, code >= 0 ? (uint8_t)code : 0);
}
/* result<T, error-code> with the payload at `at`: error case */
void ret_err(wasm_exec_env_t env, uint32_t ret, uint32_t size, uint32_t align, uint32_t at, int code)
{
    uint8_t *p = area(env, ret, size, align);
    if (!p) return;
    put8(p, 1);
    put8(p + at, (uint8_t)code);
}
/* result<own<…> or tuple<own<…>, …>, E>: ok with n handles */
void ret_handles(wasm_exec_env_t env, uint32_t ret, uint32_t n, const int32_t *handles)
{
    uint8_t *p = area(env, ret, 4 + 4 * n, 4);
    if (!p) return;
    put8(p, 0);
    for (uint32_t i = 0; i < n; i++) put32(p + 4 + 4 * i, (uint32_t)handles[i]);
}
/* result<u64, E>: ok */
void ret_u64(wasm_exec_env_t env, uint32_t ret, uint64_t v)
{
    uint8_t *p = area(env, ret, 16, 8);
    if (!p) return;
    put8(p, 0);
    put64(p + 8, v);
}
/* result<list<T>, E>: ok */
void ret_ok_list(wasm_exec_env_t env, uint32_t ret, uint32_t list, uint32_t n)
{
    uint8_t *p = area(env, ret, 12, 4);
    if (!p) return;
    put8(p, 0);
    put32(p + 4, list);
    put32(p + 8, n);
}
/* list<T> */
void ret_list(wasm_exec_env_t env, uint32_t ret, uint32_t list, uint32_t n)
{
    uint8_t *p = area(env, ret, 8, 4);
    if (!p) return;
    put32(p, list);
    put32(p + 4, n);
}
