/*
 * wasmcert-exec: runs runtime processes the way the harness needs and Node cannot:
 * RLIMIT_DATA as the memory bound (RLIMIT_AS breaks runtimes that reserve 8 GiB of
 * address space per linear memory), a timeout that kills the whole process group,
 * an output cap, and the child's rusage from wait4 (peak resident memory).
 *
 * It is a small server, started once per pool worker, so that Node (a ~250 MB process)
 * never forks per test: forking from this small process is what the harness pays.
 *
 *   wasmcert-exec --server [--owner PID]
 *
 * At start it forks once and the first process exits at once, so the server is never a
 * child of a Node thread that may be gone when it ends (a terminated worker thread
 * cannot reap it). `--owner` is only shown in ps, to tell whose server it is.
 * It talks to the harness over fd 3, a socket (Node's extra 'pipe' stdio): it writes one
 * hello line, `wasmcert-exec server 1 PID\n`, then serves one request at a time until EOF:
 *
 *   run TIMEOUT_MS DATA_LIMIT OUTPUT_LIMIT ARGC ENVC STRINGS_LEN STDIN_LEN\n
 *   STRINGS_LEN bytes: CWD\0 ARGV[0]\0 … ARGV[ARGC-1]\0 ENV[0]\0 … ENV[ENVC-1]\0
 *   STDIN_LEN bytes: the program's stdin
 *
 * ARGV[0] is the program (searched in the request's PATH), also its argv[0]. A data
 * limit or a timeout of 0 means none; at most OUTPUT_LIMIT bytes of each output are
 * kept. The program gets stdin as a pipe holding exactly those bytes then EOF, stdout
 * and stderr as two pipes, its own process group and RLIMIT_DATA. Once either output
 * passes OUTPUT_LIMIT bytes, or the timeout expires, the whole group is killed.
 * The answer is one JSON line, then the kept bytes of stdout, then those of stderr:
 *
 *   {"exit":N|null,"signal":N|null,"timedOut":B,"stopped":B,"capped":B,"maxRssKb":N,
 *    "wallMs":F,"userMs":F,"sysMs":F,"stdoutBytes":N,"stderrBytes":N,
 *    "stdoutKept":N,"stderrKept":N,"last":B,"error":null|"wasmcert-exec: cannot run …"}\n
 *
 * `error` is set when the program could not be started (no such file, cwd missing…);
 * `last` when the server exits after this answer.
 * On EOF of fd 3 (the harness is gone), SIGTERM or SIGINT, a run in progress is killed
 * with its group, answered with `stopped`, and the server exits. Runtimes also get
 * PR_SET_PDEATHSIG, so even a killed server leaves no runtime behind.
 *
 * Here: the server's start and its request loop. run.c runs one program, channel.c reads
 * requests and writes answers, buf.c holds the buffers they grow.
 */
#include "exec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int wake[2] = {-1, -1};
volatile sig_atomic_t terminating = 0;

static void on_signal(int sig) {
    int saved = errno;
    if (sig == SIGTERM || sig == SIGINT) terminating = 1;
    if (write(wake[1], "x", 1) < 0) { /* full pipe: a wake-up is pending anyway */ }
    errno = saved;
}

void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("wasmcert-exec: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(125);
}

int main(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--server") != 0) {
        fprintf(stderr, "usage: wasmcert-exec --server [--owner PID]\n(requests and answers on fd 3: see the top of wasmcert-exec.c)\n");
        return 125;
    }
    /* detach from the thread that started us; the harness reaps this first process now */
    pid_t first = fork();
    if (first < 0) die("fork: %s", strerror(errno));
    if (first > 0) _exit(0);

    if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) < 0) die("pipe: %s", strerror(errno));
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_NOCLDSTOP; /* no SA_RESTART: a blocking read must see SIGTERM */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN); /* a program that closes its stdin early, a harness gone */
    if (fcntl(CHANNEL, F_GETFD) < 0) die("fd %d (the channel to the harness) is not open", CHANNEL);
    for (int fd = 0; fd <= CHANNEL; fd++) fcntl(fd, F_SETFD, FD_CLOEXEC); /* none reaches a runtime */

    pid_t self = getpid();
    char hello[64];
    int n = snprintf(hello, sizeof hello, "wasmcert-exec server %d %d\n", PROTOCOL, (int)self);
    write_all(CHANNEL, hello, (size_t)n);

    struct request rq;
    struct outcome o;
    while (!terminating && !harness_eof) {
        memset(&rq, 0, sizeof rq);
        if (!read_request(&rq)) break;
        run_program(&rq, self, &o);
        answer(&o);
        free_request(&rq);
    }
    return 0;
}
