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
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define PROTOCOL 1
/* requests come in and answers go out on this descriptor, a socket the harness holds */
#define CHANNEL 3
/* after the runtime is reaped and its group killed, how long to wait for its pipes to close */
#define DRAIN_MS 2000

static int wake[2] = {-1, -1}; /* self-pipe: SIGCHLD, SIGTERM, SIGINT */
static volatile sig_atomic_t terminating = 0;

static void on_signal(int sig) {
    int saved = errno;
    if (sig == SIGTERM || sig == SIGINT) terminating = 1;
    if (write(wake[1], "x", 1) < 0) { /* full pipe: a wake-up is pending anyway */ }
    errno = saved;
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double tv_ms(struct timeval tv) { return tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0; }

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("wasmcert-exec: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(125);
}

/* ---- growable buffers -------------------------------------------------------- */

struct buf {
    char *p;
    size_t len, cap;
};

static void buf_reserve(struct buf *b, size_t extra) {
    if (b->len + extra <= b->cap) return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) die("out of memory");
    b->p = p;
    b->cap = cap;
}

static void buf_add(struct buf *b, const char *data, size_t n) {
    buf_reserve(b, n);
    memcpy(b->p + b->len, data, n);
    b->len += n;
}

static void buf_drop(struct buf *b, size_t n) {
    memmove(b->p, b->p + n, b->len - n);
    b->len -= n;
}

static void write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            exit(0); /* the harness is gone: nobody to answer */
        }
        p += w;
        n -= (size_t)w;
    }
}

/* ---- requests ----------------------------------------------------------------- */

static struct buf in; /* bytes read from the harness, not yet consumed */
static int harness_eof = 0;

/* Reads more from the channel into `in`: 1 when it did, 0 at EOF, -1 once SIGTERM/SIGINT came. */
static int read_more(void) {
    buf_reserve(&in, 65536);
    for (;;) {
        if (terminating) return -1;
        ssize_t r = read(CHANNEL, in.p + in.len, in.cap - in.len);
        if (r > 0) {
            in.len += (size_t)r;
            return 1;
        }
        if (r == 0 || errno != EINTR) return 0;
    }
}

struct request {
    long long timeout_ms, data_limit, output_limit;
    char *cwd;
    char **argv, **envp;
    char *strings, *stdin_data;
    size_t stdin_len;
};

/* Reads one whole request; 0 at a clean EOF between requests. */
static int read_request(struct request *rq) {
    char *nl;
    while (!(nl = memchr(in.p, '\n', in.len))) {
        int more = read_more();
        if (more < 0) return 0;
        if (more == 0) {
            if (in.len) die("truncated request header");
            return 0;
        }
    }
    *nl = 0;
    long long argc, envc, strings_len, stdin_len;
    if (sscanf(in.p, "run %lld %lld %lld %lld %lld %lld %lld", &rq->timeout_ms, &rq->data_limit, &rq->output_limit, &argc, &envc, &strings_len, &stdin_len) != 7 ||
        argc < 1 || envc < 0 || strings_len < 0 || stdin_len < 0 || argc > 1 << 20 || envc > 1 << 20)
        die("bad request header: %.200s", in.p);
    buf_drop(&in, (size_t)(nl - in.p) + 1);
    size_t body = (size_t)strings_len + (size_t)stdin_len;
    while (in.len < body) {
        int more = read_more();
        if (more < 0) return 0;
        if (more == 0) die("truncated request body");
    }

    rq->strings = malloc((size_t)strings_len + 1);
    rq->stdin_data = malloc((size_t)stdin_len + 1);
    rq->argv = calloc((size_t)argc + 1, sizeof(char *));
    rq->envp = calloc((size_t)envc + 1, sizeof(char *));
    if (!rq->strings || !rq->stdin_data || !rq->argv || !rq->envp) die("out of memory");
    memcpy(rq->strings, in.p, (size_t)strings_len);
    rq->strings[strings_len] = 0;
    memcpy(rq->stdin_data, in.p + strings_len, (size_t)stdin_len);
    rq->stdin_len = (size_t)stdin_len;
    buf_drop(&in, body);

    /* split CWD, ARGV…, ENV… */
    char *p = rq->strings, *end = rq->strings + strings_len;
    long long want = 1 + argc + envc;
    for (long long i = 0; i < want; i++) {
        char *z = memchr(p, 0, (size_t)(end - p));
        if (!z) die("request strings: %lld of %lld found", i, want);
        if (i == 0) rq->cwd = p;
        else if (i <= argc) rq->argv[i - 1] = p;
        else rq->envp[i - 1 - argc] = p;
        p = z + 1;
    }
    return 1;
}

static void free_request(struct request *rq) {
    free(rq->strings);
    free(rq->stdin_data);
    free(rq->argv);
    free(rq->envp);
}

/* ---- one run ------------------------------------------------------------------ */

struct output {
    int fd;
    struct buf kept;
    long long total;
};

static void json_string(struct buf *b, const char *s) {
    buf_add(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            buf_add(b, esc, 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            buf_add(b, esc, 6);
        } else buf_add(b, (const char *)&c, 1);
    }
    buf_add(b, "\"", 1);
}

static void set_nonblock(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

static void close_fd(int *fd) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

/* In the forked child: becomes the runtime, or reports why it cannot through `report`. */
static void become_program(struct request *rq, int in_fd, int out_fd, int err_fd, int report, pid_t server) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* the runtime starts with every signal at its default, as when Node spawned it */
    for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
    setpgid(0, 0); /* its own group, so a timeout kills the runtime's helpers too */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != server) _exit(127); /* the server died before prctl */
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) goto fail_dup;
    if (chdir(rq->cwd) < 0) {
        int e[2] = {1, errno};
        if (write(report, e, sizeof e) < 0) { /* nothing left to tell */ }
        _exit(127);
    }
    if (rq->data_limit > 0) {
        struct rlimit rl = {(rlim_t)rq->data_limit, (rlim_t)rq->data_limit};
        setrlimit(RLIMIT_DATA, &rl);
    }
    environ = rq->envp; /* execvp searches the request's PATH */
    execvp(rq->argv[0], rq->argv);
fail_dup:;
    int e[2] = {0, errno};
    if (write(report, e, sizeof e) < 0) { /* nothing left to tell */ }
    _exit(127);
}

/* Reads what is there from an output pipe; returns 1 when the cap was just passed. */
static int pump_output(struct output *o, long long limit, int capped) {
    char chunk[65536];
    for (;;) {
        ssize_t r = read(o->fd, chunk, sizeof chunk);
        if (r > 0) {
            o->total += r;
            if ((long long)o->kept.len < limit) {
                size_t room = (size_t)(limit - (long long)o->kept.len);
                buf_add(&o->kept, chunk, (size_t)r < room ? (size_t)r : room);
            }
            if (o->total > limit && !capped) return 1;
            continue;
        }
        if (r < 0 && errno == EINTR) continue;
        if (r < 0 && errno == EAGAIN) return 0;
        close_fd(&o->fd); /* EOF or error */
        return 0;
    }
}

static void serve_one(struct request *rq, pid_t server) {
    int pin[2], pout[2], perr[2], prep[2];
    if (pipe2(pin, O_CLOEXEC) < 0 || pipe2(pout, O_CLOEXEC) < 0 || pipe2(perr, O_CLOEXEC) < 0 || pipe2(prep, O_CLOEXEC) < 0) die("pipe: %s", strerror(errno));

    double started = now_ms();
    pid_t pid = fork();
    if (pid < 0) die("fork: %s", strerror(errno));
    if (pid == 0) become_program(rq, pin[0], pout[1], perr[1], prep[1], server);
    setpgid(pid, pid); /* also here: no race with a kill before the child ran setpgid */
    close(pin[0]);
    close(pout[1]);
    close(perr[1]);
    close(prep[1]);

    /* the report pipe closes on a successful exec (CLOEXEC), or carries why it failed */
    int why[2] = {0, 0};
    ssize_t got;
    do got = read(prep[0], why, sizeof why);
    while (got < 0 && errno == EINTR);
    close(prep[0]);
    char error[PATH_MAX + 256] = "";
    if (got == (ssize_t)sizeof why)
        snprintf(error, sizeof error, "wasmcert-exec: cannot %s %s: %s", why[0] ? "enter folder" : "run", why[0] ? rq->cwd : rq->argv[0], strerror(why[1]));

    struct output out = {pout[0], {0}, 0}, err = {perr[0], {0}, 0};
    int stdin_fd = pin[1];
    size_t stdin_off = 0;
    set_nonblock(out.fd);
    set_nonblock(err.fd);
    set_nonblock(stdin_fd);
    if (rq->stdin_len == 0 || error[0]) close_fd(&stdin_fd);

    double deadline = rq->timeout_ms > 0 ? started + (double)rq->timeout_ms : 0, reaped_at = 0;
    int timed_out = 0, stopped = 0, capped = 0, reaped = 0, wstatus = 0;
    double wall = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);

    for (;;) {
        if (!reaped) {
            pid_t w = wait4(pid, &wstatus, WNOHANG, &ru);
            if (w == pid) {
                reaped = 1;
                wall = now_ms() - started;
                reaped_at = now_ms();
                kill(-pid, SIGKILL); /* anything the runtime left behind in its group */
                close_fd(&stdin_fd);
            }
        }
        if (reaped && out.fd < 0 && err.fd < 0) break;
        if (terminating && !stopped) {
            stopped = 1;
            kill(-pid, SIGKILL);
        }

        int timeout = -1;
        double now = now_ms();
        if (reaped) {
            if (now - reaped_at >= DRAIN_MS) break; /* someone outside the group holds the pipes */
            timeout = (int)(reaped_at + DRAIN_MS - now) + 1;
        } else if (deadline > 0 && !timed_out) {
            if (now >= deadline) {
                timed_out = 1;
                kill(-pid, SIGKILL);
                continue;
            }
            timeout = deadline - now > 1e9 ? 1000000000 : (int)(deadline - now) + 1;
        }

        struct pollfd fds[5];
        int n = 0, i_wake = -1, i_harness = -1, i_out = -1, i_err = -1, i_in = -1;
        fds[n] = (struct pollfd){wake[0], POLLIN, 0}, i_wake = n++;
        if (!harness_eof) fds[n] = (struct pollfd){CHANNEL, POLLIN, 0}, i_harness = n++;
        if (out.fd >= 0) fds[n] = (struct pollfd){out.fd, POLLIN, 0}, i_out = n++;
        if (err.fd >= 0) fds[n] = (struct pollfd){err.fd, POLLIN, 0}, i_err = n++;
        if (stdin_fd >= 0) fds[n] = (struct pollfd){stdin_fd, POLLOUT, 0}, i_in = n++;
        if (poll(fds, (nfds_t)n, timeout) < 0) {
            if (errno == EINTR) continue;
            die("poll: %s", strerror(errno));
        }
        if (fds[i_wake].revents) {
            char drain[64];
            while (read(wake[0], drain, sizeof drain) > 0) {}
        }
        if (i_harness >= 0 && fds[i_harness].revents) {
            /* the harness sends nothing during a run: readable means it went away */
            if (read_more() == 0) {
                harness_eof = 1;
                terminating = 1;
            }
        }
        if (i_out >= 0 && fds[i_out].revents && pump_output(&out, rq->output_limit, capped)) capped = 1;
        if (i_err >= 0 && fds[i_err].revents && pump_output(&err, rq->output_limit, capped)) capped = 1;
        if (capped && !stopped) {
            stopped = 1;
            kill(-pid, SIGKILL);
        }
        if (i_in >= 0 && fds[i_in].revents) {
            while (stdin_fd >= 0 && stdin_off < rq->stdin_len) {
                size_t chunk = rq->stdin_len - stdin_off;
                if (chunk > 65536) chunk = 65536;
                ssize_t w = write(stdin_fd, rq->stdin_data + stdin_off, chunk);
                if (w > 0) stdin_off += (size_t)w;
                else if (w < 0 && errno == EINTR) continue;
                else if (w < 0 && errno == EAGAIN) break;
                else close_fd(&stdin_fd); /* EPIPE: the program closed its stdin, as it may */
            }
            if (stdin_off >= rq->stdin_len) close_fd(&stdin_fd); /* EOF after the bytes */
        }
    }
    if (!reaped) { /* the pipes stayed open past the drain time: should not happen */
        kill(-pid, SIGKILL);
        while (wait4(pid, &wstatus, 0, &ru) < 0 && errno == EINTR) {}
        wall = now_ms() - started;
    }
    close_fd(&out.fd);
    close_fd(&err.fd);
    close_fd(&stdin_fd);

    struct buf head = {0};
    char num[512], exit_s[16] = "null", sig_s[16] = "null";
    if (WIFEXITED(wstatus)) snprintf(exit_s, sizeof exit_s, "%d", WEXITSTATUS(wstatus));
    if (WIFSIGNALED(wstatus)) snprintf(sig_s, sizeof sig_s, "%d", WTERMSIG(wstatus));
    int len = snprintf(num, sizeof num,
                       "{\"exit\":%s,\"signal\":%s,\"timedOut\":%s,\"stopped\":%s,\"capped\":%s,\"maxRssKb\":%ld,\"wallMs\":%.3f,\"userMs\":%.3f,\"sysMs\":%.3f,"
                       "\"stdoutBytes\":%lld,\"stderrBytes\":%lld,\"stdoutKept\":%zu,\"stderrKept\":%zu,\"last\":%s,\"error\":",
                       exit_s, sig_s, timed_out ? "true" : "false", stopped ? "true" : "false", capped ? "true" : "false", ru.ru_maxrss, wall, tv_ms(ru.ru_utime),
                       tv_ms(ru.ru_stime), out.total, err.total, out.kept.len, err.kept.len, terminating || harness_eof ? "true" : "false");
    buf_add(&head, num, (size_t)len);
    if (error[0]) json_string(&head, error);
    else buf_add(&head, "null", 4);
    buf_add(&head, "}\n", 2);
    write_all(CHANNEL, head.p, head.len);
    write_all(CHANNEL, out.kept.p, out.kept.len);
    write_all(CHANNEL, err.kept.p, err.kept.len);
    free(head.p);
    free(out.kept.p);
    free(err.kept.p);
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
    while (!terminating && !harness_eof) {
        memset(&rq, 0, sizeof rq);
        if (!read_request(&rq)) break;
        serve_one(&rq, self);
        free_request(&rq);
    }
    return 0;
}
