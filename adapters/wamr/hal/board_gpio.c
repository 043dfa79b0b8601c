/*
 * The board file's pins, wires and input timeline (docs/hal.md §3.3). The TS host keys
 * its pin state by label, and a wire or a timeline event may name a label that no pin
 * declares (the schema cannot forbid it), so every label met gets an entry here; only
 * those with a spec can be opened.
 */
#include "hal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#define WHERE(buf, ...) j_path(buf, sizeof buf, __VA_ARGS__)

static size_t cap_pins;

int pin_index(const char *label, int create)
{
    for (size_t i = 0; i < board.n_pins; i++)
        if (!strcmp(board.pins[i].label, label)) return (int)i;
    if (!create) return -1;
    if (board.n_pins == cap_pins) {
        cap_pins = cap_pins ? cap_pins * 2 : 32;
        board.pins = realloc(board.pins, cap_pins * sizeof *board.pins);
        if (!board.pins) abort();
    }
    board.pins[board.n_pins] = (struct pin){.label = strdup(label), .peer = -1, .driven = -1, .external = -1};
    if (!board.pins[board.n_pins].label) abort();
    return (int)board.n_pins++;
}

static int pins(json_t *arr)
{
    static const char *const fields[] = {"label", "modes", "allowed", "active_level", "pull", "note", NULL};
    static const char *const levels[] = {"active-high", "active-low", NULL};
    static const char *const pulls[] = {"none", "up", "down", NULL};
    static const char *const modes[] = {"in", "out", NULL};
    size_t i, k;
    json_t *p, *m, *list;
    json_array_foreach(arr, i, p) {
        char at[256], *label = NULL;
        int allowed = 1, level = 0, pull = PULL_NONE, mask = 0;
        WHERE(at, "/gpio/pins/%zu", i);
        if (!j_object(p, at) || !j_fields(p, at, fields) || !j_label(p, "label", at, &label) || !j_array(p, "modes", at, 1, &list)
            || !j_bool(p, "allowed", at, &allowed) || !j_enum(p, "active_level", at, 0, levels, &level)
            || !j_enum(p, "pull", at, 0, pulls, &pull) || !j_text(p, "note", at)) {
            free(label);
            return 0;
        }
        json_array_foreach(list, k, m) {
            int bit = !json_is_string(m) ? 0 : !strcmp(json_string_value(m), modes[0]) ? MODE_IN
                                             : !strcmp(json_string_value(m), modes[1]) ? MODE_OUT : 0;
            if (!bit || (mask & bit)) {
                snprintf(json_error, sizeof json_error, "%s/modes/%zu must be a mode (in, out) listed once", at, k);
                free(label);
                return 0;
            }
            mask |= bit;
        }
        int at_index = pin_index(label, 1); /* may move board.pins */
        struct pin *pin = &board.pins[at_index];
        free(label);
        pin->has_spec = 1;
        pin->modes = mask;
        pin->allowed = allowed;
        pin->active_low = level == 1;
        pin->pull = (enum pull)pull;
    }
    return 1;
}

static int wires(json_t *arr)
{
    size_t i;
    json_t *w;
    json_array_foreach(arr, i, w) {
        char at[256], *a = NULL, *b = NULL;
        WHERE(at, "/gpio/wires/%zu", i);
        if (!json_is_array(w) || json_array_size(w) != 2) {
            snprintf(json_error, sizeof json_error, "%s must be an array of 2 labels", at);
            return 0;
        }
        char a_at[272], b_at[272];
        WHERE(a_at, "%s/0", at);
        WHERE(b_at, "%s/1", at);
        int ok = j_label(json_array_get(w, 0), NULL, a_at, &a) && j_label(json_array_get(w, 1), NULL, b_at, &b);
        if (ok) {
            int ia = pin_index(a, 1), ib = pin_index(b, 1);
            board.pins[ia].peer = ib;
            board.pins[ib].peer = ia;
        }
        free(a);
        free(b);
        if (!ok) return 0;
    }
    return 1;
}

static int timeline(json_t *arr)
{
    static const char *const fields[] = {"at_ns", "pin", "level", NULL};
    size_t i;
    json_t *e;
    board.timeline = calloc(json_array_size(arr) + 1, sizeof *board.timeline);
    json_array_foreach(arr, i, e) {
        char at[256], *label = NULL;
        long long t = 0, level = 0;
        WHERE(at, "/gpio/timeline/%zu", i);
        if (!j_object(e, at) || !j_fields(e, at, fields) || !j_int(e, "at_ns", at, 1, 0, 3600000000000ll, &t)
            || !j_label(e, "pin", at, &label) || !j_int(e, "level", at, 1, 0, 1, &level)) {
            free(label);
            return 0;
        }
        board.timeline[board.n_timeline++] = (struct timeline_event){(uint64_t)t, pin_index(label, 1), (int)level};
        free(label);
    }
    /* JS's sort is stable: events at one time keep the file's order. Insertion sort is
     * stable too (and timelines are short); qsort is not. */
    for (size_t k = 1; k < board.n_timeline; k++) {
        struct timeline_event x = board.timeline[k];
        size_t j = k;
        while (j > 0 && board.timeline[j - 1].at_ns > x.at_ns) {
            board.timeline[j] = board.timeline[j - 1];
            j--;
        }
        board.timeline[j] = x;
    }
    /* at_ns 0 is the initial level: set, not traced */
    for (size_t k = 0; k < board.n_timeline && board.timeline[k].at_ns == 0; k++)
        board.pins[board.timeline[k].pin].external = board.timeline[k].level;
    return 1;
}

int board_gpio(json_t *gpio)
{
    static const char *const fields[] = {"pins", "wires", "timeline", NULL};
    json_t *p, *w, *t;
    if (!gpio) return 1;
    return j_object(gpio, "/gpio") && j_fields(gpio, "/gpio", fields) && j_array(gpio, "pins", "/gpio", 0, &p)
           && j_array(gpio, "wires", "/gpio", 0, &w) && j_array(gpio, "timeline", "/gpio", 0, &t) && (!p || pins(p))
           && (!w || wires(w)) && (!t || timeline(t));
}
