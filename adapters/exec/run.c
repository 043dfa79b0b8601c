/*
 * One run: the program forked into its own process group with RLIMIT_DATA, fed its stdin,
 * its outputs kept up to the cap, killed with its group on a timeout, a cap or a stop, and
 * reaped with wait4 for its rusage.
 */
#include "exec.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* after the runtime is reaped and its group killed, how long to wait for its pipes to close */
#define DRAIN_MS 2000

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void set_nonblock(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

static void close_fd(int *fd) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

/* In the forked child: tells the server why the program did not start, then ends. */
__attribute__((noreturn)) static void report_failure(int report, int entering_folder) {
    int e[2] = {entering_folder, errno};
    if (write(report, e, sizeof e) < 0) { /* nothing left to tell */ }
    _exit(127);
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
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) report_failure(report, 0);
    if (chdir(rq->cwd) < 0) report_failure(report, 1);
    if (rq->data_limit > 0) {
        struct rlimit rl = {(rlim_t)rq->data_limit, (rlim_t)rq->data_limit};
        setrlimit(RLIMIT_DATA, &rl);
    }
    environ = rq->envp; /* execvp searches the request's PATH */
    execvp(rq->argv[0], rq->argv);
    report_failure(report, 0);
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

/* Kills the program's whole group, once. */
static void stop(pid_t pid, int *stopped) {
    if (*stopped) return;
    *stopped = 1;
    kill(-pid, SIGKILL);
}

void run_program(struct request *rq, pid_t server, struct outcome *o) {
    memset(o, 0, sizeof *o);
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
    if (got == (ssize_t)sizeof why)
        snprintf(o->error, sizeof o->error, "wasmcert-exec: cannot %s %s: %s", why[0] ? "enter folder" : "run", why[0] ? rq->cwd : rq->argv[0], strerror(why[1]));

    struct output *out = &o->out, *err = &o->err;
    out->fd = pout[0];
    err->fd = perr[0];
    int stdin_fd = pin[1];
    size_t stdin_off = 0;
    set_nonblock(out->fd);
    set_nonblock(err->fd);
    set_nonblock(stdin_fd);
    if (rq->stdin_len == 0 || o->error[0]) close_fd(&stdin_fd);

    double deadline = rq->timeout_ms > 0 ? started + (double)rq->timeout_ms : 0, reaped_at = 0;
    int reaped = 0;

    for (;;) {
        if (!reaped) {
            pid_t w = wait4(pid, &o->wstatus, WNOHANG, &o->ru);
            if (w == pid) {
                reaped = 1;
                o->wall_ms = now_ms() - started;
                reaped_at = now_ms();
                kill(-pid, SIGKILL); /* anything the runtime left behind in its group */
                close_fd(&stdin_fd);
            }
        }
        if (reaped && out->fd < 0 && err->fd < 0) break;
        if (terminating) stop(pid, &o->stopped);

        int timeout = -1;
        double now = now_ms();
        if (reaped) {
            if (now - reaped_at >= DRAIN_MS) break; /* someone outside the group holds the pipes */
            timeout = (int)(reaped_at + DRAIN_MS - now) + 1;
        } else if (deadline > 0 && !o->timed_out) {
            if (now >= deadline) {
                o->timed_out = 1;
                kill(-pid, SIGKILL);
                continue;
            }
            timeout = deadline - now > 1e9 ? 1000000000 : (int)(deadline - now) + 1;
        }

        struct pollfd fds[5];
        int n = 0, i_wake = -1, i_harness = -1, i_out = -1, i_err = -1, i_in = -1;
        fds[n] = (struct pollfd){wake[0], POLLIN, 0}, i_wake = n++;
        if (!harness_eof) fds[n] = (struct pollfd){CHANNEL, POLLIN, 0}, i_harness = n++;
        if (out->fd >= 0) fds[n] = (struct pollfd){out->fd, POLLIN, 0}, i_out = n++;
        if (err->fd >= 0) fds[n] = (struct pollfd){err->fd, POLLIN, 0}, i_err = n++;
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
        if (i_out >= 0 && fds[i_out].revents && pump_output(out, rq->output_limit, o->capped)) o->capped = 1;
        if (i_err >= 0 && fds[i_err].revents && pump_output(err, rq->output_limit, o->capped)) o->capped = 1;
        if (o->capped) stop(pid, &o->stopped);
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
        while (wait4(pid, &o->wstatus, 0, &o->ru) < 0 && errno == EINTR) {}
        o->wall_ms = now_ms() - started;
    }
    close_fd(&out->fd);
    close_fd(&err->fd);
    close_fd(&stdin_fd);
}
