/* What the parts of wasmcert-exec share; the protocol is at the top of wasmcert-exec.c. */
#ifndef WASMCERT_EXEC_H
#define WASMCERT_EXEC_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pipe2; so included first */
#endif
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

#define PROTOCOL 1
/* requests come in and answers go out on this descriptor, a socket the harness holds */
#define CHANNEL 3

/* server state, shared with the signal handler (wasmcert-exec.c) */
extern int wake[2]; /* self-pipe: SIGCHLD, SIGTERM, SIGINT */
extern volatile sig_atomic_t terminating;
extern int harness_eof;

__attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...);

/* growable buffers (buf.c) */
struct buf {
    char *p;
    size_t len, cap;
};
void buf_reserve(struct buf *b, size_t extra);
void buf_add(struct buf *b, const char *data, size_t n);
void buf_drop(struct buf *b, size_t n);

/* the channel to the harness (channel.c) */
struct request {
    long long timeout_ms, data_limit, output_limit;
    char *cwd;
    char **argv, **envp;
    char *strings, *stdin_data;
    size_t stdin_len;
};
int read_more(void);
int read_request(struct request *rq);
void free_request(struct request *rq);
void write_all(int fd, const char *p, size_t n);

/* one run of a program (run.c), and its answer (channel.c) */
struct output {
    int fd;
    struct buf kept;
    long long total;
};
struct outcome {
    int wstatus, timed_out, stopped, capped;
    double wall_ms;
    struct rusage ru;
    struct output out, err;
    char error[PATH_MAX + 256]; /* why the program could not be started, or "" */
};
void run_program(struct request *rq, pid_t server, struct outcome *o);
void answer(struct outcome *o);

#endif
