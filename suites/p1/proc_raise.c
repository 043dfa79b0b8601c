/*
 * proc_raise ("similar to raise in POSIX"): what a runtime does with signal 0 (reserved,
 * no signal), with a signal whose default action is to be ignored (chld), with numbers
 * past the signal enum, and with SIGTERM, whose default action ends the process.
 * wasi-libc does not declare proc_raise, so it is imported here by hand.
 */
#include "path_common.h"

__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise"))) extern uint16_t raw_proc_raise(uint32_t sig);

#define SIG_NONE 0
#define SIG_TERM 15
#define SIG_CHLD 16
#define SIG_WINCH 27

int main(int argc, char **argv) {
    const char *g = group(argc, argv);
    tap_begin();
    if (!strcmp(g, "0")) {
        tap_errno_in(raw_proc_raise(SIG_NONE), ERRNOS(E(SUCCESS), E(INVAL)),
                     "proc_raise(0) delivers nothing and returns success (POSIX raise(0)) or inval (typenames.witx: signal none is reserved)");
    } else if (!strcmp(g, "chld")) {
        tap_errno(raw_proc_raise(SIG_CHLD), E(SUCCESS), "proc_raise(chld) returns success: the default action of SIGCHLD is to ignore it");
        tap_errno(raw_proc_raise(SIG_WINCH), E(SUCCESS), "proc_raise(winch) returns success: ignored by default too");
    } else if (!strcmp(g, "invalid")) {
        tap_errno(raw_proc_raise(31), E(INVAL), "proc_raise(31), one past the last signal (sys = 30), gives inval (POSIX raise: EINVAL)");
        tap_errno(raw_proc_raise(200), E(INVAL), "proc_raise(200) gives inval");
    } else if (!strcmp(g, "term")) {
        int e = raw_proc_raise(SIG_TERM);
        tap_ok(0, "proc_raise(term) must not return: the default action of SIGTERM ends the process (it returned %s)", tap_errno_name(e));
    } else {
        return unknown_group(g);
    }
    return tap_end();
}
