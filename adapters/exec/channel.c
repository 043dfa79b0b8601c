/* The channel to the harness (fd 3): requests read from it, answers written to it. */
#include "exec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static struct buf in; /* bytes read from the harness, not yet consumed */
int harness_eof = 0;

void write_all(int fd, const char *p, size_t n) {
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

/* Reads more from the channel into `in`: 1 when it did, 0 at EOF, -1 once SIGTERM/SIGINT came. */
int read_more(void) {
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

/* Reads one whole request; 0 at a clean EOF between requests. */
int read_request(struct request *rq) {
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

void free_request(struct request *rq) {
    free(rq->strings);
    free(rq->stdin_data);
    free(rq->argv);
    free(rq->envp);
}

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

static const char *json_bool(int b) { return b ? "true" : "false"; }

static double tv_ms(struct timeval tv) { return tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0; }

/* Writes the answer to one run (its JSON line, then the kept stdout and stderr) and frees
 * the kept bytes. */
void answer(struct outcome *o) {
    struct buf head = {0};
    char num[512], exit_s[16] = "null", sig_s[16] = "null";
    if (WIFEXITED(o->wstatus)) snprintf(exit_s, sizeof exit_s, "%d", WEXITSTATUS(o->wstatus));
    if (WIFSIGNALED(o->wstatus)) snprintf(sig_s, sizeof sig_s, "%d", WTERMSIG(o->wstatus));
    int len = snprintf(num, sizeof num,
                       "{\"exit\":%s,\"signal\":%s,\"timedOut\":%s,\"stopped\":%s,\"capped\":%s,\"maxRssKb\":%ld,\"wallMs\":%.3f,\"userMs\":%.3f,\"sysMs\":%.3f,"
                       "\"stdoutBytes\":%lld,\"stderrBytes\":%lld,\"stdoutKept\":%zu,\"stderrKept\":%zu,\"last\":%s,\"error\":",
                       exit_s, sig_s, json_bool(o->timed_out), json_bool(o->stopped), json_bool(o->capped), o->ru.ru_maxrss, o->wall_ms,
                       tv_ms(o->ru.ru_utime), tv_ms(o->ru.ru_stime), o->out.total, o->err.total, o->out.kept.len, o->err.kept.len,
                       json_bool(terminating || harness_eof));
    buf_add(&head, num, (size_t)len);
    if (o->error[0]) json_string(&head, o->error);
    else buf_add(&head, "null", 4);
    buf_add(&head, "}\n", 2);
    write_all(CHANNEL, head.p, head.len);
    write_all(CHANNEL, o->out.kept.p, o->out.kept.len);
    write_all(CHANNEL, o->err.kept.p, o->err.kept.len);
    free(head.p);
    free(o->out.kept.p);
    free(o->err.kept.p);
}
