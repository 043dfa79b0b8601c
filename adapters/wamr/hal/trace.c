/*
 * The bus trace (docs/hal.md §5). The TS host writes the file once, at the end of the run;
 * a process can be killed at its timeout, so here each line goes out as it happens, and the
 * file exists from the start: a run that records nothing leaves it empty, as the TS host does.
 */
#include "hal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static FILE *trace;

int trace_open(const char *path)
{
    trace = fopen(path, "w");
    return trace != NULL;
}

void trace_line(const char *line)
{
    if (!trace) return;
    fputs(line, trace);
    fputc('\n', trace);
    fflush(trace);
}

void sb_add(struct sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) abort();
    if (b->n + (size_t)n + 1 > b->cap) {
        b->cap = (b->n + (size_t)n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p) abort();
    }
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    b->n += (size_t)n;
}

void sb_free(struct sbuf *b)
{
    free(b->p);
    *b = (struct sbuf){0};
}
