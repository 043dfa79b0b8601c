/*
 * wasmcert-exec: runs one runtime process the way the harness needs and Node cannot:
 * RLIMIT_DATA as the memory bound (RLIMIT_AS breaks runtimes that reserve 8 GiB of
 * address space per linear memory), a timeout that kills the whole process group,
 * and the child's rusage from wait4 (peak resident memory).
 *
 *   wasmcert-exec [--data-limit BYTES] [--timeout-ms MS] [--status-fd FD] -- PROGRAM ARGS...
 *
 * One JSON line goes to the status fd (default 3):
 *   {"exit":N|null,"signal":N|null,"timedOut":B,"stopped":B,"maxRssKb":N,"wallMs":F,"userMs":F,"sysMs":F}
 * The helper's own exit code is 0 when it ran the program, 125 when it could not.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out = 0, stopped = 0;
static volatile pid_t child = 0;

/* SIGALRM is our timeout; SIGTERM/SIGINT mean the harness wants the run stopped
   (an output cap, or the harness itself shutting down): never leave the runtime behind. */
static void on_signal(int sig) {
    if (sig == SIGALRM) timed_out = 1;
    else stopped = 1;
    if (child > 0) kill(-child, SIGKILL);
}

static double ms(struct timeval tv) { return tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0; }

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int usage(const char *why) {
    fprintf(stderr, "wasmcert-exec: %s\nusage: wasmcert-exec [--data-limit BYTES] [--timeout-ms MS] [--status-fd FD] -- PROGRAM ARGS...\n", why);
    return 125;
}

int main(int argc, char **argv) {
    long long data_limit = 0, timeout_ms = 0;
    int status_fd = 3, i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (i + 1 >= argc) return usage("missing value");
        if (!strcmp(argv[i], "--data-limit")) data_limit = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--timeout-ms")) timeout_ms = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--status-fd")) status_fd = atoi(argv[++i]);
        else return usage("unknown option");
    }
    if (i + 1 >= argc) return usage("no program");
    char **prog = &argv[i + 1];

    FILE *status = fdopen(status_fd, "w");
    if (!status) return usage("status fd is not open");

    double started = now_ms();
    pid_t pid = fork();
    if (pid < 0) return usage(strerror(errno));
    if (pid == 0) {
        setpgid(0, 0); /* its own group, so a timeout kills the runtime's helpers too */
        if (data_limit > 0) {
            struct rlimit rl = {(rlim_t)data_limit, (rlim_t)data_limit};
            setrlimit(RLIMIT_DATA, &rl);
        }
        fclose(status);
        execvp(prog[0], prog);
        fprintf(stderr, "wasmcert-exec: cannot run %s: %s\n", prog[0], strerror(errno));
        _exit(127);
    }
    child = pid;
    setpgid(pid, pid);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGALRM, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    if (timeout_ms > 0) {
        struct itimerval it = {{0, 0}, {(time_t)(timeout_ms / 1000), (suseconds_t)((timeout_ms % 1000) * 1000)}};
        setitimer(ITIMER_REAL, &it, NULL);
    }
    int wstatus = 0;
    struct rusage ru;
    while (wait4(pid, &wstatus, 0, &ru) < 0) {
        if (errno != EINTR) return usage(strerror(errno));
    }
    double wall = now_ms() - started;
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    kill(-pid, SIGKILL); /* anything the runtime left behind in its group */

    char exit_s[16] = "null", sig_s[16] = "null";
    if (WIFEXITED(wstatus)) snprintf(exit_s, sizeof exit_s, "%d", WEXITSTATUS(wstatus));
    if (WIFSIGNALED(wstatus)) snprintf(sig_s, sizeof sig_s, "%d", WTERMSIG(wstatus));
    fprintf(status, "{\"exit\":%s,\"signal\":%s,\"timedOut\":%s,\"stopped\":%s,\"maxRssKb\":%ld,\"wallMs\":%.3f,\"userMs\":%.3f,\"sysMs\":%.3f}\n", exit_s,
            sig_s, timed_out ? "true" : "false", stopped ? "true" : "false", ru.ru_maxrss, wall, ms(ru.ru_utime), ms(ru.ru_stime));
    fclose(status);
    return 0;
}
