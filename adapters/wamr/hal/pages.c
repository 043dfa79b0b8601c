/*
 * A page buffer: the bytes an EEPROM write or a flash page program collects before the
 * STOP / CS rise commits them. Its address pointer only wraps inside one page, so every
 * byte of one buffer falls in the page of the first. When the memory is not a whole number
 * of pages the last page reaches past the end; those bytes are kept and then dropped at
 * commit, as the TS host's writes past the end of a Uint8Array are.
 */
#include "hal.h"

#include <stdlib.h>

struct page_buffer {
    uint32_t page, base, count;
    int has_base;
    uint8_t *val, *set;
};

struct page_buffer *page_new(uint32_t page_size)
{
    struct page_buffer *pb = calloc(1, sizeof *pb);
    if (!pb || !(pb->val = malloc(page_size)) || !(pb->set = calloc(page_size, 1))) abort();
    pb->page = page_size;
    return pb;
}

void page_set(struct page_buffer *pb, uint32_t addr, uint8_t v)
{
    if (!pb->has_base) {
        pb->base = addr - addr % pb->page;
        pb->has_base = 1;
    }
    uint32_t i = addr - pb->base;
    if (i >= pb->page) return; /* cannot happen: the pointer wraps inside its page */
    pb->count += !pb->set[i];
    pb->set[i] = 1;
    pb->val[i] = v;
}

uint32_t page_count(const struct page_buffer *pb)
{
    return pb ? pb->count : 0;
}

/* Writes the bytes (EEPROM), or ANDs them in (NOR flash programs only 1 -> 0). */
void page_program(struct page_buffer *pb, uint8_t *mem, uint32_t size, int and_bits)
{
    for (uint32_t i = 0; i < pb->page; i++) {
        uint64_t at = (uint64_t)pb->base + i;
        if (pb->set[i] && at < size) mem[at] = and_bits ? mem[at] & pb->val[i] : pb->val[i];
    }
}

void page_free(struct page_buffer *pb)
{
    if (!pb) return;
    free(pb->val);
    free(pb->set);
    free(pb);
}

/* The address after addr, wrapping inside its page. */
uint32_t page_next(uint32_t addr, uint32_t page)
{
    return addr - addr % page + (addr + 1) % page;
}
