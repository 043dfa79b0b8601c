/*
 * Checked reads of the board file. The TS side validates every board against its strict
 * schema (adapters/host/hal/board.ts) before any run, so these checks are there so that a
 * bad file fails with one clear line instead of crashing: the types, ranges, required
 * fields and unknown fields of the schema, with messages in the style of ajv's.
 */
#include "hal.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

char json_error[512];

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(json_error, sizeof json_error, fmt, ap);
    va_end(ap);
    return 0;
}

/* A path into the document, for messages; a very deep one is cut, never overflowed. */
void j_path(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, n, fmt, ap);
    va_end(ap);
}

int j_object(json_t *v, const char *where)
{
    return json_is_object(v) ? 1 : fail("%s must be object", where);
}

int j_fields(json_t *o, const char *where, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        const char *const *a = allowed;
        while (*a && strcmp(*a, key)) a++;
        if (!*a) return fail("%s must NOT have additional properties (%s)", where, key);
    }
    return 1;
}

static int missing(json_t *o, const char *key, const char *where, int required, json_t **v)
{
    *v = json_object_get(o, key);
    if (*v || !required) return 1;
    return fail("%s must have required property '%s'", where, key);
}

/* JSON Schema's integer: any number with no fraction (ajv takes 1.0 too). */
static int integer(json_t *v, long long *out)
{
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
        return 1;
    }
    if (!json_is_real(v)) return 0;
    double d = json_real_value(v);
    if (d != floor(d) || fabs(d) > 9e15) return 0;
    *out = (long long)d;
    return 1;
}

static int ranged(json_t *v, const char *where, const char *key, long long min, long long max, long long *out)
{
    long long n;
    if (!integer(v, &n)) return fail("%s%s must be integer", where, key);
    if (n < min) return fail("%s%s must be >= %lld", where, key, min);
    if (n > max) return fail("%s%s must be <= %lld", where, key, max);
    *out = n;
    return 1;
}

int j_int(json_t *o, const char *key, const char *where, int required, long long min, long long max, long long *out)
{
    json_t *v;
    if (!missing(o, key, where, required, &v)) return 0;
    if (!v) return 1;
    char at[256];
    snprintf(at, sizeof at, "/%s", key);
    return ranged(v, where, at, min, max, out);
}

int j_u8_item(json_t *v, const char *where, int *out)
{
    long long n;
    if (!ranged(v, where, "", 0, 255, &n)) return 0;
    *out = (int)n;
    return 1;
}

int j_bool(json_t *o, const char *key, const char *where, int *out)
{
    json_t *v = json_object_get(o, key);
    if (!v) return 1;
    if (!json_is_boolean(v)) return fail("%s/%s must be boolean", where, key);
    *out = json_is_true(v);
    return 1;
}

int j_text(json_t *o, const char *key, const char *where)
{
    json_t *v = json_object_get(o, key);
    return !v || json_is_string(v) ? 1 : fail("%s/%s must be string", where, key);
}

int j_enum(json_t *o, const char *key, const char *where, int required, const char *const *names, int *out)
{
    json_t *v;
    if (!missing(o, key, where, required, &v)) return 0;
    if (!v) return 1;
    for (int i = 0; names[i] && json_is_string(v); i++)
        if (!strcmp(json_string_value(v), names[i])) {
            *out = i;
            return 1;
        }
    return fail("%s/%s must be equal to one of the allowed values", where, key);
}

/* A label as the schema has it: ^[a-z0-9][a-z0-9_-]*$ */
static int is_label(const char *s)
{
    if (!*s) return 0;
    for (const char *c = s; *c; c++) {
        int ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || (c > s && (*c == '_' || *c == '-'));
        if (!ok) return 0;
    }
    return 1;
}

static int label_value(json_t *v, const char *where, char **out)
{
    if (!json_is_string(v)) return fail("%s must be string", where);
    if (!is_label(json_string_value(v))) return fail("%s must match pattern \"^[a-z0-9][a-z0-9_-]*$\"", where);
    *out = strdup(json_string_value(v));
    if (!*out) abort();
    return 1;
}

/* A required label field, or (key NULL) the value o itself. */
int j_label(json_t *o, const char *key, const char *where, char **out)
{
    if (!key) return label_value(o, where, out);
    json_t *v;
    if (!missing(o, key, where, 1, &v)) return 0;
    char at[256];
    snprintf(at, sizeof at, "%s/%s", where, key);
    return label_value(v, at, out);
}

int j_array(json_t *o, const char *key, const char *where, int required, json_t **out)
{
    if (!missing(o, key, where, required, out)) return 0;
    if (*out && !json_is_array(*out)) return fail("%s/%s must be array", where, key);
    return 1;
}
