/*
 * wamr-launcher: a small iwasm-compatible command line for WAMR, written
 * against core/iwasm/include/wasm_export.h (the wamrx-sys crate ships WAMR's
 * core/ but not product-mini/, so there is no iwasm to build).
 *
 *   wamr-launcher [options] MODULE.wasm [guest args...]
 *
 * Option spellings follow iwasm so the harness can drive either binary.
 * Exit codes: guest's WASI exit code (truncated to 8 bits by the OS, as with
 * iwasm); 1 on a trap/timeout; 2 on a usage error or unreadable module;
 * 255 when WAMR refuses to load or instantiate the module (iwasm's value).
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wasm_export.h"

#ifndef LAUNCHER_VARIANT
#define LAUNCHER_VARIANT "custom"
#endif

static void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "wamr-launcher: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(2);
}

static uint32_t parse_size(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *s == '\0' || *end != '\0' || v > UINT32_MAX)
        usage_error("invalid number in %s", opt);
    return (uint32_t)v;
}

static char *read_file(const char *path, uint32_t *size)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n <= UINT32_MAX
        && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc(n ? n : 1))
        && fread(buf, 1, n, f) == (size_t)n) {
        *size = (uint32_t)n;
    }
    else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

/* Load/instantiate failures exit 255 like iwasm. WAMR's text usually starts
   with "WASM module load failed: " or the like already; add it if not. */
static int module_failed(const char *what, const char *err)
{
    if (strstr(err, " module ") && strstr(err, " failed: "))
        fprintf(stderr, "%s\n", err);
    else
        fprintf(stderr, "WASM module %s failed: %s\n", what, err);
    return 255;
}

/* --native-lib: the same contract as iwasm's, so existing libraries work. */
static void load_native_lib(const char *path)
{
    typedef uint32_t (*get_native_lib_fn)(char **, NativeSymbol **);
    typedef int (*init_native_lib_fn)(void);
    void *h = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
    if (!h)
        usage_error("cannot load native library: %s", dlerror());
    get_native_lib_fn get = (get_native_lib_fn)dlsym(h, "get_native_lib");
    if (!get)
        usage_error("%s does not export get_native_lib", path);
    /* Optional hook iwasm also calls before registration. */
    init_native_lib_fn init = (init_native_lib_fn)dlsym(h, "init_native_lib");
    if (init && init() != 0)
        usage_error("init_native_lib failed in %s", path);
    char *module_name = NULL;
    NativeSymbol *symbols = NULL;
    uint32_t n = get(&module_name, &symbols);
    if (n && !wasm_runtime_register_natives(module_name, symbols, n))
        usage_error("cannot register the natives of %s", path);
    /* The library stays loaded: WAMR keeps pointers into it. */
}

#if LAUNCHER_THREAD_MGR
/* Watchdog for --timeout. wasm_runtime_terminate() only sets an exception;
   the interpreter notices it at branches and WAMR wakes blocking WASI calls,
   both of which need the thread manager (WAMR_BUILD_THREAD_MGR=1). */
static pthread_mutex_t wd_lock = PTHREAD_MUTEX_INITIALIZER;
static int wd_done;
static uint32_t wd_ms;

static void *watchdog(void *inst)
{
    struct timespec ts = { wd_ms / 1000, (long)(wd_ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
    /* Under the lock: once main has set wd_done it may free the instance. */
    pthread_mutex_lock(&wd_lock);
    if (!wd_done)
        wasm_runtime_terminate((wasm_module_inst_t)inst);
    pthread_mutex_unlock(&wd_lock);
    return NULL;
}
#endif

int main(int argc, char *argv[])
{
    /* Option lists; none can be longer than argc. */
    const char **dirs = calloc(argc, sizeof(char *));
    const char **map_dirs = calloc(argc, sizeof(char *));
    const char **envs = calloc(argc, sizeof(char *));
    const char **addrs = NULL; /* grown below: one option, many entries */
    const char **names = calloc(argc, sizeof(char *));
    const char **libs = calloc(argc, sizeof(char *));
    uint32_t n_dirs = 0, n_map_dirs = 0, n_envs = 0, n_addrs = 0, n_names = 0;
    uint32_t n_libs = 0, heap_size = 16 * 1024, stack_size = 64 * 1024;
    uint32_t timeout_ms = 0, max_memory_pages = 0;
    int i;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        char *a = argv[i];
        if (!strcmp(a, "--version")) {
            uint32_t major, minor, patch;
            wasm_runtime_get_version(&major, &minor, &patch);
            printf("wamr-launcher %u.%u.%u (%s)\n", major, minor, patch,
                   LAUNCHER_VARIANT);
            return 0;
        }
        else if (!strncmp(a, "--dir=", 6) && a[6])
            dirs[n_dirs++] = a + 6;
        else if (!strncmp(a, "--map-dir=", 10) && strstr(a + 10, "::"))
            map_dirs[n_map_dirs++] = a + 10; /* WAMR parses GUEST::HOST */
        else if (!strncmp(a, "--env=", 6) && strchr(a + 6, '=') > a + 6)
            envs[n_envs++] = a + 6;
        else if (!strncmp(a, "--heap-size=", 12))
            heap_size = parse_size("--heap-size", a + 12);
        else if (!strncmp(a, "--stack-size=", 13))
            stack_size = parse_size("--stack-size", a + 13);
        else if (!strncmp(a, "--max-memory-pages=", 19)) {
            max_memory_pages = parse_size("--max-memory-pages", a + 19);
            if (max_memory_pages == 0 || max_memory_pages > 65536)
                usage_error("%s", "--max-memory-pages must be 1 to 65536");
        }
        else if (!strncmp(a, "--timeout=", 10))
            timeout_ms = parse_size("--timeout", a + 10);
        else if (!strncmp(a, "--allow-resolve=", 16) && a[16])
            names[n_names++] = a + 16;
        else if (!strncmp(a, "--native-lib=", 13) && a[13])
            libs[n_libs++] = a + 13;
        else if (!strncmp(a, "--addr-pool=", 12) && a[12]) {
            /* Comma-separated like iwasm; WAMR takes one "ADDR/MASK" each. */
            char *p, *save = NULL;
            for (p = strtok_r(a + 12, ",", &save); p;
                 p = strtok_r(NULL, ",", &save)) {
                if (n_addrs % 16 == 0)
                    addrs = realloc(addrs, (n_addrs + 16) * sizeof(char *));
                addrs[n_addrs++] = p;
            }
        }
        else
            usage_error("unknown or malformed option: %s", a);
    }
    if (i >= argc)
        usage_error("%s", "usage: wamr-launcher [options] MODULE.wasm [args...]");
#if !LAUNCHER_THREAD_MGR
    if (timeout_ms)
        usage_error("%s", "--timeout needs a build with WAMR_BUILD_THREAD_MGR=1 "
                          "(variant " LAUNCHER_VARIANT " has none)");
#endif

    /* The guest's argv starts at the module path, as with iwasm. */
    char *module_path = argv[i];
    char **guest_argv = argv + i;
    int guest_argc = argc - i;

    uint32_t wasm_size = 0;
    char *wasm = read_file(module_path, &wasm_size);
    if (!wasm) {
        fprintf(stderr, "wamr-launcher: cannot read %s: %s\n", module_path,
                strerror(errno ? errno : EIO));
        return 2;
    }

    /* WAMR logs (e.g. "warning: failed to link import function") with
       vprintf, i.e. on fd 1, where they would mix with the guest's output.
       So the guest gets a duplicate of our stdout and our own fd 1 becomes
       stderr. (WAMR's BH_VPRINTF hook is no fix: it also reroutes the
       guest's fd 1/2 writes through printf("%.*s"), which stops at NULs.) */
    int guest_stdout = dup(1);
    if (guest_stdout >= 0)
        dup2(2, 1);
    else
        guest_stdout = 1;
    setvbuf(stdout, NULL, _IONBF, 0); /* keep WAMR's lines in order */

    /* The system allocator (not WAMR's fixed pool) so that RLIMIT_DATA set by
       the harness bounds the whole process, linear memories included. */
    RuntimeInitArgs init;
    memset(&init, 0, sizeof(init));
    init.mem_alloc_type = Alloc_With_System_Allocator;
    if (!wasm_runtime_full_init(&init)) {
        fprintf(stderr, "wamr-launcher: wasm_runtime_full_init failed\n");
        return 255;
    }
    for (uint32_t k = 0; k < n_libs; k++)
        load_native_lib(libs[k]); /* before loading, so imports link */

    char err[256] = "";
    wasm_module_t module = wasm_runtime_load((uint8_t *)wasm, wasm_size, err,
                                             sizeof(err));
    if (!module)
        return module_failed("load", err);
    /* Guest fds 0-2 are ours; only the listed variables, nothing inherited. */
    wasm_runtime_set_wasi_args_ex(module, dirs, n_dirs, map_dirs, n_map_dirs,
                                  envs, n_envs, guest_argv, guest_argc, 0,
                                  guest_stdout, 2);
    wasm_runtime_set_wasi_addr_pool(module, addrs, n_addrs);
    wasm_runtime_set_wasi_ns_lookup_pool(module, names, n_names);

    /* max_memory_pages caps every linear memory: memory.grow past it returns
       -1, as with Wasmtime's max-memory-size and WasmEdge's page limit. WAMR
       warns (on the guest's stderr) whenever the cap is moot, e.g. for every
       module without memory.grow, so warnings are off while it instantiates;
       that also hides its unlinked-import warnings in limited runs. */
    InstantiationArgs inst_args;
    memset(&inst_args, 0, sizeof(inst_args));
    inst_args.default_stack_size = stack_size;
    inst_args.host_managed_heap_size = heap_size;
    inst_args.max_memory_pages = max_memory_pages;
    if (max_memory_pages)
        wasm_runtime_set_log_level(WASM_LOG_LEVEL_ERROR);
    wasm_module_inst_t inst = wasm_runtime_instantiate_ex(module, &inst_args,
                                                          err, sizeof(err));
    if (max_memory_pages)
        wasm_runtime_set_log_level(WASM_LOG_LEVEL_WARNING);
    if (!inst)
        return module_failed("instantiate", err);
    /* WAMR raises the cap to a memory's initial size when that is larger; a
       device with this ceiling could not start the module, so refuse it as
       Wasmtime does. Bytes, not pages: WAMR turns the memory of a module
       without memory.grow into one page of the whole size. */
    for (uint32_t m = 0; max_memory_pages; m++) {
        wasm_memory_inst_t mem = wasm_runtime_get_memory(inst, m);
        if (!mem)
            break;
        uint64_t bytes = wasm_memory_get_cur_page_count(mem)
                         * (uint64_t)wasm_memory_get_bytes_per_page(mem);
        if (bytes > (uint64_t)max_memory_pages * 65536) {
            snprintf(err, sizeof(err),
                     "memory %u needs %llu bytes, over --max-memory-pages=%u",
                     m, (unsigned long long)bytes, max_memory_pages);
            return module_failed("instantiate", err);
        }
    }

#if LAUNCHER_THREAD_MGR
    pthread_t wd_thread;
    wd_ms = timeout_ms;
    if (timeout_ms) {
        if (pthread_create(&wd_thread, NULL, watchdog, inst) != 0) {
            fprintf(stderr, "wamr-launcher: cannot start the timeout thread\n");
            return 2;
        }
    }
#endif

    /* Runs _start for WASI commands (main(argc, argv) otherwise); WAMR
       reports proc_exit(n) as success and keeps n as the WASI exit code. */
    bool ok = wasm_application_execute_main(inst, guest_argc, guest_argv);

#if LAUNCHER_THREAD_MGR
    pthread_mutex_lock(&wd_lock); /* the watchdog, if any, may still sleep: */
    wd_done = 1;                  /* it must not touch inst from now on */
    pthread_mutex_unlock(&wd_lock);
#endif

    int exit_code;
    if (!ok) {
        const char *exception = wasm_runtime_get_exception(inst);
        /* WAMR's text already starts with "Exception: ". iwasm prints it on
           stdout; we use stderr so the guest's stdout stays exactly what the
           guest wrote. */
        fprintf(stderr, "%s\n", exception ? exception : "Exception: unknown");
        exit_code = 1;
    }
    else {
        /* Full 32-bit value; exit() keeps the low 8 bits, as iwasm does. */
        exit_code = (int)wasm_runtime_get_wasi_exit_code(inst);
    }

    wasm_runtime_deinstantiate(inst);
    wasm_runtime_unload(module);
    wasm_runtime_destroy();
    free(wasm);
    return exit_code;
}
