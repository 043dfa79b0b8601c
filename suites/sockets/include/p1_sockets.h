/*
 * The standard P1 socket calls (wasi_snapshot_preview1 sock_accept, sock_recv, sock_send,
 * sock_shutdown) and their flags, as the reference sheet (sockets.md section 1) gives them.
 * wasi-libc's <wasi/api.h> already declares __wasi_sock_* and the flag and errno
 * constants; this header only fills in what an older wasi-libc may lack, so a guest
 * compiles the same against any of them.
 */
#ifndef WASMCERT_P1_SOCKETS_H
#define WASMCERT_P1_SOCKETS_H

#include <stdint.h>
#include <wasi/api.h>

/* riflags (u16) */
#ifndef __WASI_RIFLAGS_RECV_PEEK
#define __WASI_RIFLAGS_RECV_PEEK ((__wasi_riflags_t)0x1)
#endif
#ifndef __WASI_RIFLAGS_RECV_WAITALL
#define __WASI_RIFLAGS_RECV_WAITALL ((__wasi_riflags_t)0x2)
#endif
/* roflags (u16) */
#ifndef __WASI_ROFLAGS_RECV_DATA_TRUNCATED
#define __WASI_ROFLAGS_RECV_DATA_TRUNCATED ((__wasi_roflags_t)0x1)
#endif
/* sdflags (u8) */
#ifndef __WASI_SDFLAGS_RD
#define __WASI_SDFLAGS_RD ((__wasi_sdflags_t)0x1)
#endif
#ifndef __WASI_SDFLAGS_WR
#define __WASI_SDFLAGS_WR ((__wasi_sdflags_t)0x2)
#endif
/* eventrwflags (u16) */
#ifndef __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP
#define __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP ((__wasi_eventrwflags_t)0x1)
#endif
/* filetype (u8) */
#ifndef __WASI_FILETYPE_SOCKET_DGRAM
#define __WASI_FILETYPE_SOCKET_DGRAM ((__wasi_filetype_t)5)
#endif
#ifndef __WASI_FILETYPE_SOCKET_STREAM
#define __WASI_FILETYPE_SOCKET_STREAM ((__wasi_filetype_t)6)
#endif
/* rights: sock_shutdown (bit 28) and sock_accept (bit 29) */
#ifndef __WASI_RIGHTS_SOCK_SHUTDOWN
#define __WASI_RIGHTS_SOCK_SHUTDOWN ((__wasi_rights_t)1 << 28)
#endif
#ifndef __WASI_RIGHTS_SOCK_ACCEPT
#define __WASI_RIGHTS_SOCK_ACCEPT ((__wasi_rights_t)1 << 29)
#endif
/* every right the witx defines (bits 0..29) */
#define P1_RIGHTS_ALL ((__wasi_rights_t)0x3FFFFFFFULL)

/* the errno values a socket guest names (typenames.witx positions) */
#define P1_EAGAIN 6
#define P1_EBADF 8
#define P1_ECONNABORTED 13
#define P1_ECONNREFUSED 14
#define P1_ECONNRESET 15
#define P1_EINVAL 28
#define P1_EISCONN 30
#define P1_EMSGSIZE 35
#define P1_ENOTCONN 53
#define P1_ENOTSOCK 57
#define P1_ENOTSUP 58
#define P1_EPIPE 64
#define P1_ETIMEDOUT 73
#define P1_ENOTCAPABLE 76

#endif
